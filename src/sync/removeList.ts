/**
 * Leaving and deleting lists: "Remove from this device" (drops the device copy and the
 * remembered link; the list lives on for everyone else) and "Delete for everyone" (asks the
 * relay to drop the room and refuse its tokens for good; other devices keep their copy until
 * they remove it).
 */
import { deletePath, routeUrl } from '../protocol/routes.js'
import { writeTokenFor, type ListAccess } from './access.js'
import { forgetList } from './lists.js'
import { localDbName } from './localStore.js'
import { removeCachedView } from './cachedView.js'

/** How long to wait for the browser to delete a list's database (an open tab can block it). */
const DELETE_DB_TIMEOUT_MS = 10_000

/**
 * Drops every per-list key of this app (`shortlist.<what>.<listId>`: relay state, unsynced
 * since, last looked, …) from `storage`. Bounded by the number of keys the storage holds.
 */
function forgetListKeys(listId: string, storage: Storage): void {
  try {
    const keys: string[] = []
    for (let index = 0; index < storage.length; index++) {
      const key = storage.key(index)
      if (key?.startsWith('shortlist.') && key.endsWith(`.${listId}`)) keys.push(key)
    }
    for (const key of keys) storage.removeItem(key)
  } catch {
    // a key that cannot be removed holds no data of the list
  }
}

/**
 * Removes a list from this device: forgets its link and per-list state at once (so the home
 * page no longer shows it), then deletes its cached view and its IndexedDB database. Close the list's session
 * first or right after; the deletion waits for open connections to close, and per-list state
 * the closing session wrote meanwhile is dropped again. Resolves true once the database is
 * gone, false if the browser refused or kept it blocked longer than 10 s.
 */
export async function removeFromDevice(listId: string, options: { storage?: Storage; indexedDB?: IDBFactory } = {}): Promise<boolean> {
  const storage = options.storage ?? localStorage
  forgetList(listId, storage)
  forgetListKeys(listId, storage)
  const idb = options.indexedDB ?? globalThis.indexedDB
  if (!idb) return false
  const viewRemoved = await removeCachedView(listId, idb)
  const removed = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), DELETE_DB_TIMEOUT_MS)
    const done = (result: boolean) => {
      clearTimeout(timer)
      resolve(result)
    }
    try {
      const request = idb.deleteDatabase(localDbName(listId))
      request.onsuccess = () => done(true)
      request.onerror = () => done(false)
    } catch {
      done(false)
    }
  })
  forgetListKeys(listId, storage)
  return removed && viewRemoved
}

/** The relay refused or could not be asked to delete a list. `status` is the HTTP status (0 if unreachable). */
export class DeleteError extends Error {
  override name = 'DeleteError'
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message)
  }
}

/**
 * Asks the relay to delete a list for everyone: `DELETE /api/rooms/<listId>` with the write
 * token in `Authorization` (never in the URL). Connected devices are closed with `deleted`.
 * Throws `DeleteError` for a read-only link, a refused token or an unreachable relay.
 */
export async function deleteForEveryone(baseUrl: string, listId: string, access: ListAccess, fetchImpl: typeof fetch = fetch): Promise<void> {
  const token = await writeTokenFor(access)
  if (!token) throw new DeleteError('Only people with the edit link can delete this list.', 403)
  let response: Response
  try {
    response = await fetchImpl(routeUrl(baseUrl, deletePath(listId)), { method: 'DELETE', headers: { Authorization: `Bearer ${token}` } })
  } catch {
    throw new DeleteError('The relay cannot be reached. Connect to the internet and try again.', 0)
  }
  if (!response.ok) throw new DeleteError(`The relay refused to delete this list (HTTP ${response.status}).`, response.status)
}
