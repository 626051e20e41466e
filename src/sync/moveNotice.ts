/**
 * The note a tab leaves itself when "Move to a new link" made a list, so that list's page
 * opens with its new link shown. Apart from `moveToNewLink.ts`, so the list header reads it
 * without loading the move's code.
 */

/** Key under which the page learns, after navigating, that it should show the new link. */
const NOTICE_KEY = 'shortlist.movedTo'

/** Remembers (for this tab) that `listId` was just made by a move, so its page can show its link. */
export function leaveMoveNotice(listId: string, storage: Storage | null = globalThis.sessionStorage ?? null): void {
  try {
    storage?.setItem(NOTICE_KEY, listId)
  } catch {
    // no session storage: the page just opens without the share dialog
  }
}

/** True (once) if `listId` was just made by a move on this tab. */
export function takeMoveNotice(listId: string, storage: Storage | null = globalThis.sessionStorage ?? null): boolean {
  try {
    if (storage?.getItem(NOTICE_KEY) !== listId) return false
    storage.removeItem(NOTICE_KEY)
    return true
  } catch {
    return false
  }
}
