/**
 * The shapes of a list id and a share secret, and which links may be rendered: rules with no
 * imports, so the page's first script (`src/boot/`) applies the same ones as the app.
 */

/**
 * A list id: 128 bits, base64url (22 characters). It is also the relay's room name. A new
 * list's id is derived from its write secret (`listIdFor` in `src/sync/access.ts`), so only
 * a holder of that secret can create the room; lists made before that have random ids.
 */
export const LIST_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/

/** A share secret: 256 random bits, base64url (43 characters). */
export const SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/

/** True for a URL that may be rendered as a link: http(s) only, never `javascript:` or `data:`. */
export function isSafeLink(raw: string | undefined | null): raw is string {
  if (!raw) return false
  try {
    const { protocol } = new URL(raw)
    return protocol === 'http:' || protocol === 'https:'
  } catch {
    return false
  }
}
