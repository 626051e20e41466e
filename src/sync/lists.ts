/**
 * The lists on this device: id, the secret from its link (the fragment), a name to show
 * before the list's document has loaded, and when it was last opened. Kept in localStorage,
 * because the secret must survive offline reloads and is never sent to a server.
 *
 * A list created on this device also carries the name to write into its document when it
 * first opens (`nameToWrite`); a list deleted for everyone carries when this device learnt
 * it (`deletedAt`), so the notice shows again offline until the list is removed here.
 */
import { LIST_ID_PATTERN } from '../doc/ids.js'
import { parseFragment } from './access.js'
import { LISTS_STORAGE_KEY } from './deviceStorageKeys.js'

/** One list this device can open. */
export interface KnownList {
  id: string
  fragment: string
  name: string
  lastOpened: number
  /** Set for a list created here until its name is written into its document. */
  nameToWrite?: string
  /** When the relay said a writer deleted this list for everyone. */
  deletedAt?: number
}

const KEY = LISTS_STORAGE_KEY

/** My lists, most recently opened first. Entries that no longer parse are dropped. */
export function loadLists(storage: Storage = localStorage): KnownList[] {
  let raw: unknown
  try {
    raw = JSON.parse(storage.getItem(KEY) ?? '[]')
  } catch {
    return []
  }
  if (!Array.isArray(raw)) return []
  return raw
    .filter((entry): entry is KnownList =>
      !!entry && typeof entry === 'object' &&
      typeof entry.id === 'string' && LIST_ID_PATTERN.test(entry.id) &&
      typeof entry.fragment === 'string' && parseFragment(entry.fragment) !== null)
    .map((entry) => ({
      id: entry.id,
      fragment: entry.fragment,
      name: typeof entry.name === 'string' ? entry.name : '',
      lastOpened: typeof entry.lastOpened === 'number' ? entry.lastOpened : 0,
      ...(typeof entry.nameToWrite === 'string' && entry.nameToWrite ? { nameToWrite: entry.nameToWrite } : {}),
      ...(typeof entry.deletedAt === 'number' ? { deletedAt: entry.deletedAt } : {}),
    }))
    .sort((a, b) => b.lastOpened - a.lastOpened)
}

/** The stored entry for a list, or null if this device has never opened it. */
export const findList = (id: string, storage: Storage = localStorage): KnownList | null =>
  loadLists(storage).find((entry) => entry.id === id) ?? null

/**
 * Records that a list was opened (or created). A full-access fragment is never downgraded
 * to a read-only one by opening a read-only link later.
 */
export function rememberList(
  entry: { id: string; fragment?: string; name?: string; nameToWrite?: string },
  storage: Storage = localStorage,
): KnownList | null {
  const lists = loadLists(storage)
  const existing = lists.find((list) => list.id === entry.id)
  const offered = entry.fragment ? parseFragment(entry.fragment) : null
  const kept = existing ? parseFragment(existing.fragment) : null
  const fragment = offered && !(offered.readOnly && kept && !kept.readOnly) ? offered.fragment : existing?.fragment
  if (!fragment || !LIST_ID_PATTERN.test(entry.id)) return null
  const nameToWrite = entry.nameToWrite?.trim() || existing?.nameToWrite
  const next: KnownList = {
    id: entry.id,
    fragment,
    name: entry.name?.trim() || existing?.name || '',
    lastOpened: Date.now(),
    ...(nameToWrite ? { nameToWrite } : {}),
    ...(existing?.deletedAt ? { deletedAt: existing.deletedAt } : {}),
  }
  storage.setItem(KEY, JSON.stringify([next, ...lists.filter((list) => list.id !== entry.id)]))
  return next
}

/** Updates the remembered name of a list (shown on the home page), without touching lastOpened. */
export function renameKnownList(id: string, name: string, storage: Storage = localStorage): void {
  const lists = loadLists(storage)
  const entry = lists.find((list) => list.id === id)
  if (!entry || entry.name === name) return
  entry.name = name
  storage.setItem(KEY, JSON.stringify(lists))
}

/**
 * Takes the name a list created on this device still has to write into its document, once:
 * the record keeps it across reloads until the list has opened here.
 */
export function takeNameToWrite(id: string, storage: Storage = localStorage): string | null {
  const lists = loadLists(storage)
  const entry = lists.find((list) => list.id === id)
  if (!entry?.nameToWrite) return null
  const name = entry.nameToWrite
  delete entry.nameToWrite
  storage.setItem(KEY, JSON.stringify(lists))
  return name
}

/** Records that the relay said this list was deleted for everyone (kept until it is removed here). */
export function markListDeleted(id: string, at: number = Date.now(), storage: Storage = localStorage): void {
  const lists = loadLists(storage)
  const entry = lists.find((list) => list.id === id)
  if (!entry || entry.deletedAt) return
  entry.deletedAt = at
  storage.setItem(KEY, JSON.stringify(lists))
}

/** Forgets a list on this device (its local copy stays until the browser evicts it). */
export function forgetList(id: string, storage: Storage = localStorage): void {
  storage.setItem(KEY, JSON.stringify(loadLists(storage).filter((list) => list.id !== id)))
}
