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
 *   so a writer reaching an unknown room can claim it with both hashes.
 * - A list id is derived from the write token: `base64url(SHA-256("shortlist-list-id." +
 *   writeToken)[0..16])`. The relay recomputes it and lets a client claim a room only when
 *   its write token gives the room's name, so a read-only link or a list id alone can never
 *   claim a list (that would need a preimage of SHA-256).
 *
 * WebCrypto where the page has it (browsers in a secure context, Node 20), pure JS otherwise
 * (see `accessCrypto.ts`); both give the same bytes.
 */
import { fromBase64Url, newSecret, toBase64Url } from '../doc/ids.js'
import { CLAIM_PREFIX, LIST_ID_BYTES, LIST_ID_DOMAIN, SYNC_SUBPROTOCOL, TOKEN_PREFIX } from '../protocol/access.js'
import { loadAccessCrypto, type AccessCrypto } from './accessCrypto.js'
import { READ_ONLY_PREFIX, type ListAccess } from './fragment.js'

export { READ_ONLY_PREFIX, parseFragment } from './fragment.js'
export type { ListAccess } from './fragment.js'

const encoder = new TextEncoder()
const SALT = encoder.encode('shortlist')

async function hkdf(secret: string, info: string, primitives: AccessCrypto): Promise<string> {
  return toBase64Url(await primitives.hkdf(fromBase64Url(secret), SALT, encoder.encode(info)))
}

const useDefault = (primitives?: AccessCrypto): Promise<AccessCrypto> => (primitives ? Promise.resolve(primitives) : loadAccessCrypto())

/** SHA-256 of a token, base64url: what the relay stores and compares. */
export async function hashToken(token: string, primitives?: AccessCrypto): Promise<string> {
  return toBase64Url(await (await useDefault(primitives)).sha256(encoder.encode(token)))
}

/** The read-only link fragment for a full link's secret. */
export async function readOnlyFragment(writeSecret: string, primitives?: AccessCrypto): Promise<string> {
  return READ_ONLY_PREFIX + (await hkdf(writeSecret, 'read', await useDefault(primitives)))
}

/**
 * The list id a write secret gives: the room name only its holder can claim (the relay
 * recomputes it from the write token). Always matches `LIST_ID_PATTERN`.
 */
export async function listIdFor(writeSecret: string, primitives?: AccessCrypto): Promise<string> {
  const kdf = await useDefault(primitives)
  const writeToken = await hkdf(writeSecret, 'write-token', kdf)
  const digest = await kdf.sha256(encoder.encode(LIST_ID_DOMAIN + writeToken))
  return toBase64Url(digest.slice(0, LIST_ID_BYTES))
}

/** The write token of a link, as HTTP actions on a room (freeze, delete) send it; null for a read-only link. */
export async function writeTokenFor(access: ListAccess, primitives?: AccessCrypto): Promise<string | null> {
  if (access.readOnly) return null
  return hkdf(access.fragment, 'write-token', await useDefault(primitives))
}

/** A new list's link: a fresh write secret and the list id derived from it. */
export async function newListLink(primitives?: AccessCrypto): Promise<{ listId: string; fragment: string }> {
  const fragment = newSecret()
  return { listId: await listIdFor(fragment, primitives), fragment }
}

/**
 * Whether a list id was derived from this link's write secret. False for a list made before
 * ids were derived (a random id): the relay serves it only if it was claimed back then.
 * Null for a read-only link, which cannot tell.
 */
export async function listIdMatchesSecret(listId: string, access: ListAccess, primitives?: AccessCrypto): Promise<boolean | null> {
  if (access.readOnly) return null
  return (await listIdFor(access.fragment, primitives)) === listId
}

/**
 * The WebSocket subprotocols a client offers for a list: the protocol name, its token, and,
 * for a writer, the claim (hash of the read token) a new room is created with.
 */
export async function accessProtocols(access: ListAccess, primitives?: AccessCrypto): Promise<string[]> {
  const kdf = await useDefault(primitives)
  if (access.readOnly) {
    const readSecret = access.fragment.slice(READ_ONLY_PREFIX.length)
    return [SYNC_SUBPROTOCOL, TOKEN_PREFIX + (await hkdf(readSecret, 'read-token', kdf))]
  }
  const readSecret = (await readOnlyFragment(access.fragment, kdf)).slice(READ_ONLY_PREFIX.length)
  const writeToken = await hkdf(access.fragment, 'write-token', kdf)
  const readToken = await hkdf(readSecret, 'read-token', kdf)
  return [SYNC_SUBPROTOCOL, TOKEN_PREFIX + writeToken, CLAIM_PREFIX + (await hashToken(readToken, kdf))]
}
