/**
 * `POST /api/rooms/<listId>/freeze` with `Authorization: Bearer <write token>`: freezes a room
 * whose list moved to a new link ("Move this list to a new link"). The token travels in a
 * header, never in the URL, so it never reaches an access log. A read-only token, a wrong
 * token and an unknown room all get the same 403. There is no way to unfreeze: a leaked
 * write token must not be able to reopen the old room.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { LIST_ID_PATTERN } from '../../src/doc/ids.js'
import { FREEZE_ROUTE } from '../../src/protocol/routes.js'
import type { Logger } from '../log.js'
import { parseBearerToken, tokenAccess } from '../relay/accessCheck.js'
import type { RoomRegistry } from '../relay/rooms.js'
import type { RelayStorage } from '../storage/storage.js'
import { sendJson } from './json.js'


/** Handles the freeze route; returns false for any other path. Never throws on bad input. */
export function makeFreezeRoute(deps: { storage: RelayStorage; rooms: RoomRegistry; log: Logger }) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const path = (req.url ?? '/').split('?')[0] ?? '/'
    const match = FREEZE_ROUTE.exec(path)
    if (!match) return false
    const listId = match[1]!
    if (!LIST_ID_PATTERN.test(listId)) {
      sendJson(res, 404, { error: 'not-found' })
      return true
    }
    if (req.method !== 'POST') {
      sendJson(res, 405, { error: 'method-not-allowed' }, { allow: 'POST' })
      return true
    }
    req.resume()
    if (tokenAccess(deps.storage, listId, parseBearerToken(req.headers.authorization)) !== 'write') {
      deps.log('info', 'relay.freeze_forbidden', { room: listId })
      sendJson(res, 403, { error: 'forbidden' })
      return true
    }
    deps.rooms.freeze(listId)
    deps.log('info', 'relay.room_frozen', { room: listId })
    sendJson(res, 200, { status: 'frozen' })
    return true
  }
}
