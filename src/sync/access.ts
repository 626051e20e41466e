/**
 * Access to a list, without accounts: everything derives from the secret after `#` in the
 * share link, which never reaches a server.
 *
 * - A full link carries the write secret `S` (256 bits, base64url).
 * - A read-only link carries `ro-` + `R`, where `R = HKDF(S, "read")`. Holding `R` does not
 *   reveal `S`.
 * - The relay sees only tokens: `writeToken = HKDF(S, "write-token")`,
 *   `readToken = HKDF(R, "read-token")`, sent as WebSocket subprotocols (never in the URL).
 *   It stores only SHA-256 hashes of them. A writer also sends the hash of the read token,
 *   so the first writer to reach an unknown room claims it with both hashes.
 *
 * Pure WebCrypto: runs in browsers and in Node 20 (relay tests use the same code).
 */
import { SECRET_PATTERN, fromBase64Url, toBase64Url } from '../doc/ids.js'
import { CLAIM_PREFIX, SYNC_SUBPROTOCOL, TOKEN_PREFIX } from '../protocol/access.js'

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

const encoder = new TextEncoder()

async function hkdf(secret: string, info: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', fromBase64Url(secret) as Uint8Array<ArrayBuffer>, 'HKDF', false, ['deriveBits'])
  const bits = await crypto.subtle.deriveBits(
    { name: 'HKDF', hash: 'SHA-256', salt: encoder.encode('shortlist'), info: encoder.encode(info) },
    key,
    256,
  )
  return toBase64Url(new Uint8Array(bits))
}

/** SHA-256 of a token, base64url: what the relay stores and compares. */
export async function hashToken(token: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', encoder.encode(token))
  return toBase64Url(new Uint8Array(digest))
}

/** The read-only link fragment for a full link's secret. */
export async function readOnlyFragment(writeSecret: string): Promise<string> {
  return READ_ONLY_PREFIX + (await hkdf(writeSecret, 'read'))
}

/**
 * The WebSocket subprotocols a client offers for a list: the protocol name, its token, and,
 * for a writer, the claim (hash of the read token) a new room is created with.
 */
export async function accessProtocols(access: ListAccess): Promise<string[]> {
  if (access.readOnly) {
    const readSecret = access.fragment.slice(READ_ONLY_PREFIX.length)
    return [SYNC_SUBPROTOCOL, TOKEN_PREFIX + (await hkdf(readSecret, 'read-token'))]
  }
  const readSecret = (await readOnlyFragment(access.fragment)).slice(READ_ONLY_PREFIX.length)
  const writeToken = await hkdf(access.fragment, 'write-token')
  const readToken = await hkdf(readSecret, 'read-token')
  return [SYNC_SUBPROTOCOL, TOKEN_PREFIX + writeToken, CLAIM_PREFIX + (await hashToken(readToken))]
}
