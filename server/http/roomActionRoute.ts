/**
 * One shape for the HTTP actions on a room that need its write token (freeze, delete):
 * `<METHOD> <path with the list id>` with `Authorization: Bearer <write token>`. The token
 * travels in a header, never in the URL, so it never reaches an access log. A read-only
 * token, a wrong token, no token and an unknown room all get the same 403 (room existence
 * never leaks); a malformed list id gets 404, another method 405. Never throws on bad input.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { LIST_ID_PATTERN } from '../../src/doc/ids.js'
import type { Logger } from '../log.js'
import { parseBearerToken, tokenAccess } from '../relay/accessCheck.js'
import type { RelayStorage } from '../storage/storage.js'
import { sendJson } from './json.js'

/** What one room action is. */
export interface RoomAction {
  /** Matches the action's path and captures the (still encoded) list id. */
  route: RegExp
  method: 'POST' | 'DELETE'
  /** Log event names: refused, done. */
  events: { forbidden: string; done: string }
  /** Does the action on a room whose write token was shown; returns the status for the answer. */
  run(listId: string): string
}

/** A request handler for one room action; it returns false for any other path. */
export function makeRoomActionRoute(deps: { storage: RelayStorage; log: Logger }, action: RoomAction) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const path = (req.url ?? '/').split('?')[0] ?? '/'
    const match = action.route.exec(path)
    if (!match) return false
    const listId = match[1]!
    if (!LIST_ID_PATTERN.test(listId)) {
      sendJson(res, 404, { error: 'not-found' })
      return true
    }
    if (req.method !== action.method) {
      sendJson(res, 405, { error: 'method-not-allowed' }, { allow: action.method })
      return true
    }
    req.resume()
    if (tokenAccess(deps.storage, listId, parseBearerToken(req.headers.authorization)) !== 'write') {
      deps.log('info', action.events.forbidden, { room: listId })
      sendJson(res, 403, { error: 'forbidden' })
      return true
    }
    const status = action.run(listId)
    deps.log('info', action.events.done, { room: listId })
    sendJson(res, 200, { status })
    return true
  }
}
