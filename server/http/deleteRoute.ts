/**
 * `DELETE /api/rooms/<listId>` with `Authorization: Bearer <write token>`: deletes a list for
 * everyone. The relay drops the room's data, closes its peers with `CLOSE.deleted`, and from
 * then on closes every socket that shows the room's tokens with the same code; the id can
 * never be claimed again. The token travels in a header, never in the URL, so it never
 * reaches an access log. A read-only token, a wrong token and an unknown room all get the
 * same 403. Deleting again answers 200: the outcome is the same.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { LIST_ID_PATTERN } from '../../src/doc/ids.js'
import { DELETE_ROUTE } from '../../src/protocol/routes.js'
import type { Logger } from '../log.js'
import { parseBearerToken, tokenAccess } from '../relay/accessCheck.js'
import type { RoomRegistry } from '../relay/rooms.js'
import type { RelayStorage } from '../storage/storage.js'
import { sendJson } from './json.js'

/** Handles the delete route; returns false for any other path. Never throws on bad input. */
export function makeDeleteRoute(deps: { storage: RelayStorage; rooms: RoomRegistry; log: Logger }) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const path = (req.url ?? '/').split('?')[0] ?? '/'
    const match = DELETE_ROUTE.exec(path)
    if (!match) return false
    const listId = match[1]!
    if (!LIST_ID_PATTERN.test(listId)) {
      sendJson(res, 404, { error: 'not-found' })
      return true
    }
    if (req.method !== 'DELETE') {
      sendJson(res, 405, { error: 'method-not-allowed' }, { allow: 'DELETE' })
      return true
    }
    req.resume()
    if (tokenAccess(deps.storage, listId, parseBearerToken(req.headers.authorization)) !== 'write') {
      deps.log('info', 'relay.delete_forbidden', { room: listId })
      sendJson(res, 403, { error: 'forbidden' })
      return true
    }
    deps.rooms.delete(listId)
    deps.log('info', 'relay.room_deleted', { room: listId })
    sendJson(res, 200, { status: 'deleted' })
    return true
  }
}
