/**
 * Keeps one list's Y.Doc in IndexedDB (y-indexeddb), so the app works with no network.
 *
 * `whenLoaded` resolves once everything stored has been applied to the doc; the composition
 * root awaits it before rendering, so a list never flashes empty. It rejects with a
 * `LocalStoreError` when the browser refuses IndexedDB (private modes, blocked storage) or
 * does not answer, so the UI can say so instead of showing a blank page. Later write
 * failures (a full disk) are reported through `onError`.
 *
 * Start-up speed: y-indexeddb listens for the doc's updates from its constructor on, and any
 * `update` listener makes Yjs encode the whole stored list again as one update while it is
 * applied (about 0.4 s for 10,000 papers). The listener is detached while y-indexeddb applies
 * what it stored, and attached again before anything can edit the doc.
 *
 * Size: the stored rows are merged on a budget (`compactStore.ts`), so a list opens as fast
 * after 100,000 votes as a fresh copy of the same content. `shortlist:doc-loaded` is marked
 * once the stored list is in the doc (the bench reads it).
 */
import { IndexeddbPersistence } from 'y-indexeddb'
import type * as Y from 'yjs'
import type { Compaction } from './compactStore.js'

/** Why the device copy of a list could not be opened or written. */
export class LocalStoreError extends Error {
  override name = 'LocalStoreError'
  constructor(message: string, readonly reason: 'refused' | 'full' | 'timeout') {
    super(message)
  }
}

/** An open device copy of a list. */
export interface LocalStore {
  whenLoaded: Promise<void>
  destroy(): Promise<void>
}

/** Database name per list; one IndexedDB database per list keeps eviction and deletion simple. */
export const localDbName = (listId: string): string => `shortlist-${listId}`

/**
 * A database of its own for the refusal check: opening a list's database without creating
 * its stores would make y-indexeddb skip its upgrade.
 */
const PROBE_DB = 'shortlist-storage-check'

/** Compaction (`compactStore.ts`) starts this long after a list loaded, after its first paint. */
const COMPACTION_LOAD_DELAY_MS = 1_000

/** How long to wait for IndexedDB before telling the user something is wrong. */
const OPEN_TIMEOUT_MS = 10_000

/**
 * Opens the device copy of a list into `doc`.
 * @param onError called for failures after loading (e.g. a write refused because storage is full)
 */
export function openLocalStore(
  listId: string,
  doc: Y.Doc,
  onError: (error: LocalStoreError) => void = () => {},
  onCompacted?: (result: Compaction) => void,
): LocalStore {
  let persistence: IndexeddbPersistence | null = null
  let stopCompacting = () => {}
  let destroyed = false
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new LocalStoreError('This browser did not open its storage in time.', 'timeout')), OPEN_TIMEOUT_MS)
  })
  // open the database ourselves first: y-indexeddb leaves a refused open as an unhandled rejection
  const opened = probeDatabase(PROBE_DB).then(() => {
    if (destroyed) return
    const opening = new IndexeddbPersistence(localDbName(listId), doc)
    persistence = opening
    doc.off('update', opening._storeUpdate)
    return opening.whenSynced.then(() => {
      if (destroyed) return
      performance.mark?.('shortlist:doc-loaded')
      doc.on('update', opening._storeUpdate)
      // compaction's code is not needed for the first paint: it loads a moment after it
      const loading = setTimeout(() => {
        void import('./compactStore.js').then(({ keepCompact }) => {
          if (!destroyed) stopCompacting = keepCompact(opening, onCompacted)
        })
      }, COMPACTION_LOAD_DELAY_MS)
      stopCompacting = () => clearTimeout(loading)
    })
  })
  const whenLoaded = Promise.race([opened, timeout]).finally(() => clearTimeout(timer))
  const onRejection = (event: PromiseRejectionEvent) => {
    if (isQuotaError(event.reason)) {
      event.preventDefault()
      onError(new LocalStoreError('This device is out of storage space: recent changes may not be saved here.', 'full'))
    }
  }
  globalThis.addEventListener?.('unhandledrejection', onRejection)
  return {
    whenLoaded,
    async destroy() {
      destroyed = true
      stopCompacting()
      clearTimeout(timer)
      globalThis.removeEventListener?.('unhandledrejection', onRejection)
      await opened.catch(() => undefined)
      await persistence?.destroy().catch(() => undefined)
    },
  }
}

/** Opens (and closes) the database once, turning a refusal into a LocalStoreError. */
function probeDatabase(name: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let request: IDBOpenDBRequest
    try {
      request = indexedDB.open(name)
    } catch (error) {
      return reject(toStoreError(error))
    }
    request.onsuccess = () => {
      request.result.close()
      resolve()
    }
    request.onerror = () => reject(toStoreError(request.error))
    request.onblocked = () => resolve()
  })
}

function isQuotaError(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name
  return name === 'QuotaExceededError' || (error as { inner?: { name?: unknown } } | null)?.inner?.name === 'QuotaExceededError'
}

function toStoreError(error: unknown): LocalStoreError {
  if (error instanceof LocalStoreError) return error
  if (isQuotaError(error)) return new LocalStoreError('This device is out of storage space.', 'full')
  return new LocalStoreError('This browser refused to store data for this site (private mode or blocked storage).', 'refused')
}
