/**
 * Who may do what in a room, from the subprotocols a client offered (see `src/sync/access.ts`):
 * `shortlist.v1`, `token.<token>` and, for writers, `claim.<hash of the read token>`.
 * The relay keeps only SHA-256 hashes. Both hashes are always compared in constant time,
 * and an unknown room is compared against a dummy, so timing and answer are the same for a
 * wrong token and a room that does not exist.
 *
 * Claims prove the write secret: an unknown room is claimed only by a token whose derived
 * list id (`listIdForToken`) is the room's name. A read token, a list id, or a write token of
 * another list cannot claim, so nobody but the list's owner can create its room. The derived
 * id is computed and compared for every connection, so this adds no timing difference.
 */
import { createHash, timingSafeEqual } from 'node:crypto'
import { CLAIM_PREFIX, LIST_ID_BYTES, LIST_ID_DOMAIN, SYNC_SUBPROTOCOL, TOKEN_PREFIX } from '../../src/protocol/access.js'
import type { RelayStorage } from '../storage/storage.js'

/** What a connection may do. */
export type AccessLevel = 'write' | 'read' | 'none'

/** A token or claim: 256 bits in base64url (43 characters). */
const MATERIAL = /^[A-Za-z0-9_-]{43}$/

/** The access material a client offered; malformed entries are ignored. */
export interface OfferedAccess {
  speaksShortlist: boolean
  token: string | null
  claim: string | null
}

/** Reads the `Sec-WebSocket-Protocol` header into the offered access material. */
export function parseOfferedProtocols(header: string | string[] | undefined): OfferedAccess {
  const values = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').map((v) => v.trim())
  const pick = (prefix: string): string | null => {
    const value = values.find((v) => v.startsWith(prefix))?.slice(prefix.length)
    return value !== undefined && MATERIAL.test(value) ? value : null
  }
  return { speaksShortlist: values.includes(SYNC_SUBPROTOCOL), token: pick(TOKEN_PREFIX), claim: pick(CLAIM_PREFIX) }
}

/** SHA-256 of a token, base64url without padding: byte-for-byte what `hashToken` in access.ts gives. */
export function hashTokenSync(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('base64url')
}

/**
 * The list id a write token proves: byte-for-byte what `listIdFor` in access.ts gives for the
 * secret behind the token. Only the token's holder can name a room this way.
 */
export function listIdForToken(token: string): string {
  return createHash('sha256').update(LIST_ID_DOMAIN + token, 'utf8').digest().subarray(0, LIST_ID_BYTES).toString('base64url')
}

const DUMMY_HASH = hashTokenSync('no room has this token')

function equalHashes(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8')
  const right = Buffer.from(b, 'utf8')
  return left.length === right.length && timingSafeEqual(left, right)
}

/** Reads `Authorization: Bearer <token>`; null unless it holds a well-formed token. */
export function parseBearerToken(header: string | undefined): string | null {
  const match = /^Bearer ([A-Za-z0-9_-]+)$/.exec(header?.trim() ?? '')
  return match && MATERIAL.test(match[1]!) ? match[1]! : null
}

/**
 * What a token may do in an existing room, never claiming one (for HTTP actions such as
 * freezing). Same constant-time comparisons as a socket, and an unknown room is `none`.
 */
export function tokenAccess(storage: RelayStorage, room: string, token: string | null): AccessLevel {
  if (token === null) return 'none'
  const offered: OfferedAccess = { speaksShortlist: true, token, claim: null }
  return decideAccess(storage, room, offered)
}

/**
 * Decides a connection's access, claiming an unknown room for a writer whose token derives
 * the room's name and who offers a claim. Everything short of a match is `none`, with no
 * hint as to why. Rooms claimed before ids were derived keep their stored hashes.
 */
export function decideAccess(storage: RelayStorage, room: string, offered: OfferedAccess): AccessLevel {
  if (!offered.speaksShortlist || offered.token === null) return 'none'
  const tokenHash = hashTokenSync(offered.token)
  const provesWriteSecret = equalHashes(listIdForToken(offered.token), room)
  const stored = storage.getAccess(room)
  const writeHash = stored?.writeHash ?? DUMMY_HASH
  const readHash = stored?.readHash ?? DUMMY_HASH
  const isWriter = equalHashes(tokenHash, writeHash)
  const isReader = equalHashes(tokenHash, readHash)
  if (stored) return isWriter ? 'write' : isReader ? 'read' : 'none'
  if (offered.claim === null || !provesWriteSecret) return 'none'
  if (storage.claim(room, { writeHash: tokenHash, readHash: offered.claim })) return 'write'
  return decideAccess(storage, room, { ...offered, claim: null })
}
