import { newListId, newSecret } from '../doc/ids.js'
import { rememberList } from '../sync/lists.js'

/**
 * Starts a new list on this device: a fresh id and secret, remembered with its name; the
 * name is written into the list's document when it opens. Returns the list id.
 */
export function startNewList(name: string): string {
  const id = newListId()
  rememberList({ id, fragment: newSecret(), name, nameToWrite: name })
  return id
}
