/**
 * A share link's fragment, read: the secret after `#`, and whether it is a read-only one.
 * Imports only the id rules, so the page's first script reads stored keys as the app does.
 */
import { SECRET_PATTERN } from '../doc/idRules.js'

/** Prefix of the fragment of a read-only link. */
export const READ_ONLY_PREFIX = 'ro-'

/** What a device holds for one list: the secret from its link, and whether it may write. */
export interface ListAccess {
  /** The fragment of the link as shared: `S` or `ro-R`. */
  fragment: string
  readOnly: boolean
}

/**
 * Parses a link fragment (with or without `#`); null if it is not a valid secret. A list
 * name after the secret (`S/<name>`, see `shareLink.ts`) is ignored here.
 */
export function parseFragment(fragment: string): ListAccess | null {
  const bare = fragment.replace(/^#/, '').split('/', 1)[0]!
  if (bare.startsWith(READ_ONLY_PREFIX)) {
    return SECRET_PATTERN.test(bare.slice(READ_ONLY_PREFIX.length)) ? { fragment: bare, readOnly: true } : null
  }
  return SECRET_PATTERN.test(bare) ? { fragment: bare, readOnly: false } : null
}
