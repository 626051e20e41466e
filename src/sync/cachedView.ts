/**
 * The cached view of a list: what its first screen needs (name, next-up card, the first rows
 * in the order shown, with the fields a row renders, and where they stood on the page), kept
 * per list in IndexedDB so a list paints before its document is read. Versioned: a record
 * from another version, or one that does not read as a cached view, is ignored. Written off
 * the critical path (`scheduleCachedViewWrites`) and removed with the list (`removeFromDevice`).
 */
import { windowEvents } from './windowEvents.js'

/** The record's version; a record of any other version is ignored (and overwritten). */
export const CACHED_VIEW_VERSION = 1

/** Rows kept per list: a phone's first screen and a scroll of it. */
export const CACHED_ROWS = 30

/** One database for every list's cached view; a record per list. */
export const CACHED_VIEW_DB = 'shortlist-views'
const STORE = 'views'

/** How long after the last change the view is written (when the page is idle by then). */
const WRITE_DELAY_MS = 1_000

/** Longest text kept per field: a row shows a line or two, and a record stays small. */
export const CACHED_TEXT_LIMIT = 2_000

/** What a row shows of a paper: the same fields whether they come from the document or the cached view. */
export interface RowFields {
  title: string
  /** Up to three names, then "et al." */
  authors: string
  published: string
  pending: boolean
  url: string
  pdfUrl: string
  codeUrl: string
}

/** A row as the list renders it: its fields, and its place in the ranking. */
export interface CachedRow extends RowFields {
  id: string
  /** Why it ranks there, as the row said it ("5 votes · added 3 weeks ago"), or empty. */
  reason: string
  votes: number
  voted: boolean
}

/** A list's cached view. */
export interface CachedView {
  version: typeof CACHED_VIEW_VERSION
  listId: string
  savedAt: number
  name: string
  /** The list the rows belong to (its label, e.g. "Ranked papers") and the page's query then. */
  label: string
  query: string
  /** Papers in the queue (the tab's count). */
  queued: number
  nextUp: { id: string; title: string; authors: string; votes: number } | null
  /** Where things stood on the page, in CSS pixels from the top of the document, at `width`. */
  layout: { width: number; listTop: number; nextUpTop: number | null }
  rows: CachedRow[]
}

const isText = (value: unknown): value is string => typeof value === 'string' && value.length <= CACHED_TEXT_LIMIT
const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0
const isPixels = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0 && value < 1e7

/** True when a stored value has every {@link RowFields} field, each text within {@link CACHED_TEXT_LIMIT}. */
function isRowFields(value: unknown): value is RowFields {
  const row = value as Partial<RowFields> | null
  return !!row && typeof row === 'object' && isText(row.title) && isText(row.authors) && isText(row.published)
    && typeof row.pending === 'boolean' && isText(row.url) && isText(row.pdfUrl) && isText(row.codeUrl)
}

function isRow(value: unknown): value is CachedRow {
  if (!isRowFields(value)) return false
  const row = value as Partial<CachedRow>
  return isText(row.id) && !!row.id && isText(row.reason) && isCount(row.votes) && typeof row.voted === 'boolean'
}

/** Reads a stored value as a cached view of `listId`; null when it is from another version or does not read as one. */
export function parseCachedView(value: unknown, listId: string): CachedView | null {
  const view = value as Partial<CachedView> | null
  if (!view || typeof view !== 'object' || view.version !== CACHED_VIEW_VERSION || view.listId !== listId) return null
  if (!isCount(view.savedAt) || !isText(view.name) || !isText(view.label) || !isText(view.query) || !isCount(view.queued)) return null
  const next = view.nextUp
  if (next !== null && !(next && isText(next.id) && isText(next.title) && isText(next.authors) && isCount(next.votes))) return null
  const layout = view.layout
  if (!layout || !isPixels(layout.width) || !isPixels(layout.listTop) || !(layout.nextUpTop === null || isPixels(layout.nextUpTop))) return null
  if (!Array.isArray(view.rows) || view.rows.length > CACHED_ROWS || !view.rows.every(isRow)) return null
  return view as CachedView
}

let opening: Promise<IDBDatabase> | null = null

/** The cached views' database, opened once per page; rejects when the browser refuses it. */
function openViews(idb: IDBFactory): Promise<IDBDatabase> {
  if (idb !== globalThis.indexedDB) return openDatabase(idb)
  opening ??= openDatabase(idb).catch((error: unknown) => {
    opening = null
    throw error
  })
  return opening
}

function openDatabase(idb: IDBFactory): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = idb.open(CACHED_VIEW_DB, 1)
    request.onupgradeneeded = () => request.result.createObjectStore(STORE)
    request.onsuccess = () => {
      const db = request.result
      // another tab removing the database must not wait for this page
      db.onversionchange = () => {
        db.close()
        opening = null
      }
      resolve(db)
    }
    request.onerror = () => reject(request.error)
    request.onblocked = () => reject(new Error('The cached views are blocked by another tab.'))
  })
}

/** Runs one request in a transaction of its own; resolves with its result once the transaction completes. */
async function inStore<T>(idb: IDBFactory, mode: IDBTransactionMode, run: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openViews(idb)
  return new Promise<T>((resolve, reject) => {
    const transaction = db.transaction(STORE, mode)
    const request = run(transaction.objectStore(STORE))
    transaction.oncomplete = () => resolve(request.result)
    transaction.onerror = () => reject(transaction.error)
    transaction.onabort = () => reject(transaction.error)
  })
}

/** The cached view of a list, or null when there is none, it is unreadable or from another version. Never rejects. */
export async function readCachedView(listId: string, idb: IDBFactory | undefined = globalThis.indexedDB): Promise<CachedView | null> {
  if (!idb) return null
  try {
    return parseCachedView(await inStore(idb, 'readonly', (store) => store.get(listId)), listId)
  } catch {
    return null
  }
}

/** Stores a list's cached view (replacing the one before). Never rejects: a view that cannot be kept is only a slower start. */
export async function writeCachedView(view: CachedView, idb: IDBFactory | undefined = globalThis.indexedDB): Promise<boolean> {
  if (!idb) return false
  try {
    await inStore(idb, 'readwrite', (store) => store.put(view, view.listId))
    return true
  } catch {
    return false
  }
}

/** Removes a list's cached view; resolves false when the browser refused. */
export async function removeCachedView(listId: string, idb: IDBFactory | undefined = globalThis.indexedDB): Promise<boolean> {
  if (!idb) return false
  try {
    await inStore(idb, 'readwrite', (store) => store.delete(listId))
    return true
  } catch {
    return false
  }
}

/**
 * Writes a list's cached view off the critical path: `changed()` schedules a write once the
 * page is idle (at least {@link WRITE_DELAY_MS} after the last change), and `pagehide` writes
 * at once what changed since. `build` makes the record at write time (null: nothing to write).
 */
export function scheduleCachedViewWrites(build: () => CachedView | null, idb?: IDBFactory): { changed(): void; flush(): Promise<boolean>; destroy(): void } {
  let dirty = false
  let timer: ReturnType<typeof setTimeout> | undefined
  let idle: number | undefined
  const flush = async (): Promise<boolean> => {
    clearTimeout(timer)
    if (idle !== undefined) cancelIdleCallback(idle)
    timer = idle = undefined
    if (!dirty) return false
    dirty = false
    const view = build()
    return view ? writeCachedView(view, idb) : false
  }
  const whenIdle = () => {
    timer = undefined
    if (typeof requestIdleCallback === 'function') idle = requestIdleCallback(() => void flush(), { timeout: 5_000 })
    else void flush()
  }
  const onPageHide = () => void flush()
  const events = windowEvents()
  events?.addEventListener('pagehide', onPageHide)
  return {
    changed() {
      dirty = true
      clearTimeout(timer)
      if (idle !== undefined) cancelIdleCallback(idle)
      idle = undefined
      timer = setTimeout(whenIdle, WRITE_DELAY_MS)
    },
    flush,
    destroy() {
      events?.removeEventListener('pagehide', onPageHide)
      clearTimeout(timer)
      if (idle !== undefined) cancelIdleCallback(idle)
    },
  }
}
