/**
 * Text shared to the app (Web Share Target) waiting for its list's Add box: the share page
 * picks a list and leaves the text here; the list's Add box takes it once and previews it.
 */
const waiting = new Map<string, string>()

/** Leaves shared text for the Add box of `listId` (replacing anything left before). */
export function offerSharedText(listId: string, text: string): void {
  if (text.trim()) waiting.set(listId, text)
}

/** Takes the shared text waiting for `listId`, once; null if there is none. */
export function takeSharedText(listId: string): string | null {
  const text = waiting.get(listId) ?? null
  waiting.delete(listId)
  return text
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
