/**
 * Share links: `/l/<listId>#<secret>/<list name>`. The secret routes nothing and never
 * reaches a server; the name after it lets an invitee's join prompt say which list they are
 * joining before their device has synced anything. The name is untrusted text (anyone can
 * edit a link): it is cleaned, capped and shown as text only, and replaced by the list's
 * own name as soon as its document arrives. Links without a name (older links) still work.
 */

/** Longest list name a link carries, in characters (so a link stays short enough for a QR code). */
export const LINK_NAME_MAX = 80

/** Separates the secret from the name: outside the base64url alphabet of secrets. */
const SEPARATOR = '/'

/**
 * A list name as it may travel in or come out of a link: control and bidirectional
 * override characters removed (they could disguise the text), whitespace collapsed, at most
 * `LINK_NAME_MAX` characters.
 */
export function cleanLinkName(raw: string): string {
  const plain = raw.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, ' ').replace(/\s+/g, ' ').trim()
  return [...plain].slice(0, LINK_NAME_MAX).join('').trim()
}

/** The share link of a list: the origin, the list path, the secret and (if any) the list's name. */
export function shareLink(origin: string, listId: string, fragment: string, name = ''): string {
  const shown = cleanLinkName(name)
  return `${origin}/l/${listId}#${fragment}${shown ? SEPARATOR + encodeURIComponent(shown) : ''}`
}

/**
 * Splits a link's fragment (with or without `#`) into the access part (`parseFragment`
 * checks it) and the list name it carries ('' when there is none or it does not decode).
 */
export function splitLinkFragment(fragment: string): { access: string; name: string } {
  const bare = fragment.replace(/^#/, '')
  const at = bare.indexOf(SEPARATOR)
  if (at < 0) return { access: bare, name: '' }
  let name = ''
  try {
    // bounded: a longer tail is cut before decoding, whatever was pasted
    name = cleanLinkName(decodeURIComponent(bare.slice(at + 1, at + 1 + LINK_NAME_MAX * 12)))
  } catch {
    name = ''
  }
  return { access: bare.slice(0, at), name }
}
