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
