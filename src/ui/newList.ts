import { newListLink } from '../sync/access.js'
import { rememberList } from '../sync/lists.js'
import { showToast } from './toasts.js'

/**
 * Starts a new list on this device: a fresh secret and the list id derived from it (so only
 * this link can create the list's room on the relay), remembered with its name; the name is
 * written into the list's document when it opens. Resolves with the list id.
 */
export async function startNewList(name: string): Promise<string> {
  const { listId, fragment } = await newListLink()
  rememberList({ id: listId, fragment, name, nameToWrite: name })
  return listId
}

/**
 * Starts a new list and hands its id to `open` (e.g. navigate to it). If the list cannot be
 * made (the page could not load what it needs to derive the link), says so in a toast.
 */
export function openNewList(name: string, open: (listId: string) => void): void {
  startNewList(name).then(open, () => showToast('The list could not be created. Check the connection and reload the page.'))
}
