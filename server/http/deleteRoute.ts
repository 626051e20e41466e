/**
 * `DELETE /api/rooms/<listId>` with `Authorization: Bearer <write token>`: deletes a list for
 * everyone. The relay drops the room's data, closes its peers with `CLOSE.deleted`, and from
 * then on closes every socket that shows the room's tokens with the same code; the id can
 * never be claimed again. Answers as every room action does (`roomActionRoute.ts`: 403 for
 * anything but the write token); deleting again answers 200, the outcome being the same.
 */
import { DELETE_ROUTE } from '../../src/protocol/routes.js'
import type { Logger } from '../log.js'
import type { RoomRegistry } from '../relay/rooms.js'
import type { RelayStorage } from '../storage/storage.js'
import { makeRoomActionRoute } from './roomActionRoute.js'

/** Handles the delete route; returns false for any other path. Never throws on bad input. */
export function makeDeleteRoute(deps: { storage: RelayStorage; rooms: RoomRegistry; log: Logger }) {
  return makeRoomActionRoute(deps, {
    route: DELETE_ROUTE,
    method: 'DELETE',
    events: { forbidden: 'relay.delete_forbidden', done: 'relay.room_deleted' },
    run: (listId) => {
      deps.rooms.delete(listId)
      return 'deleted'
    },
  })
}
