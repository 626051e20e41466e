/**
 * `POST /api/rooms/<listId>/freeze` with `Authorization: Bearer <write token>`: freezes a room
 * whose list moved to a new link ("Move this list to a new link"). Answers as every room
 * action does (`roomActionRoute.ts`: the token only in a header; a read-only token, a wrong
 * token and an unknown room all get the same 403). There is no way to unfreeze: a leaked
 * write token must not be able to reopen the old room.
 */
import { FREEZE_ROUTE } from '../../src/protocol/routes.js'
import type { Logger } from '../log.js'
import type { RoomRegistry } from '../relay/rooms.js'
import type { RelayStorage } from '../storage/storage.js'
import { makeRoomActionRoute } from './roomActionRoute.js'

/** Handles the freeze route; returns false for any other path. Never throws on bad input. */
export function makeFreezeRoute(deps: { storage: RelayStorage; rooms: RoomRegistry; log: Logger }) {
  return makeRoomActionRoute(deps, {
    route: FREEZE_ROUTE,
    method: 'POST',
    events: { forbidden: 'relay.freeze_forbidden', done: 'relay.room_frozen' },
    run: (listId) => {
      deps.rooms.freeze(listId)
      return 'frozen'
    },
  })
}
