/**
 * Text shared to the app (Web Share Target) waiting for its list's Add box: the share page
 * picks a list and leaves the text in this tab's sessionStorage; the list's Add box takes it
 * once and previews it. sessionStorage (not module state) so it belongs to the tab, survives
 * a reload in between, and tests can pass their own storage.
 */

/** sessionStorage key of the shared text waiting for a list. */
export const sharedTextKey = (listId: string): string => `shortlist.sharedText.${listId}`

/** Longest shared text kept (characters): a share is a link or a page of papers, not a library. */
const MAX_SHARED_CHARS = 2_000_000

const tabStorage = (): Storage | null => globalThis.sessionStorage ?? null

/** Leaves shared text for the Add box of `listId` (replacing anything left before). */
export function offerSharedText(listId: string, text: string, storage: Storage | null = tabStorage()): void {
  if (!text.trim()) return
  try {
    storage?.setItem(sharedTextKey(listId), text.slice(0, MAX_SHARED_CHARS))
  } catch {
    // storage full or refused: the Add box simply opens empty
  }
}

/** Whether shared text waits for `listId` (the list then opens its Add sheet to take it). */
export function hasSharedText(listId: string, storage: Storage | null = tabStorage()): boolean {
  try {
    return !!storage?.getItem(sharedTextKey(listId))
  } catch {
    return false
  }
}

/** Takes the shared text waiting for `listId`, once; null if there is none. */
export function takeSharedText(listId: string, storage: Storage | null = tabStorage()): string | null {
  try {
    const text = storage?.getItem(sharedTextKey(listId)) ?? null
    storage?.removeItem(sharedTextKey(listId))
    return text
  } catch {
    return null
  }
}

/**
 * What a share carries, as one text for the Add box: the text and the link (apps put the
 * link in either). The title is only used when nothing else came, since a page title
 * alone identifies no paper but is better than nothing for an add by title.
 */
export function sharedText(share: { title: string; text: string; url: string }): string {
  const parts = [share.text.trim(), share.url.trim()].filter(Boolean)
  const unique = parts.filter((part, index) => !parts.slice(0, index).some((before) => before.includes(part)))
  return unique.length ? unique.join('\n') : share.title.trim()
}
