/**
 * WebSocket subprotocol names a client offers and the relay reads: the protocol itself and
 * the prefixes that carry access material (see `src/sync/access.ts` for how it is derived).
 */

/** The subprotocol every Shortlist client offers and the relay selects. */
export const SYNC_SUBPROTOCOL = 'shortlist.v1'
/** Prefix of the subprotocol that carries a client's token. */
export const TOKEN_PREFIX = 'token.'
/** Prefix of the subprotocol that carries a writer's claim for a new room. */
export const CLAIM_PREFIX = 'claim.'

/**
 * A new list's id proves its write secret: `listId = base64url(first LIST_ID_BYTES bytes of
 * SHA-256(LIST_ID_DOMAIN + writeToken))`. The relay recomputes it from the write token a
 * client offers, so only a holder of the write secret can claim a room, and the relay never
 * sees the secret itself.
 */
export const LIST_ID_DOMAIN = 'shortlist-list-id.'
/** Bytes of the SHA-256 digest kept for a list id (16 bytes: 22 base64url characters). */
export const LIST_ID_BYTES = 16
