/**
 * Turns an accepted websocket into a connection in its room: room name check, access (a
 * claim may be refused by the relay caps), load caps, then the connection's handlers.
 * Every step that touches peer data is guarded: an exception closes this one socket (1011)
 * and is logged, never the process.
 */
import type { WebSocket } from 'ws'
import { LIST_ID_PATTERN } from '../../src/doc/ids.js'
import { CLOSE, type CloseReason } from '../../src/protocol/closeCodes.js'
import type { RelayLimits } from '../config.js'
import type { Logger } from '../log.js'
import type { RelayMetrics } from '../metrics.js'
import { decideAccess } from './accessCheck.js'
import { RelayConnection } from './connection.js'
import { RelayCaps, RoomRefused } from './relayCaps.js'
import type { Room } from './room.js'
import type { RoomRegistry } from './rooms.js'
import type { AcceptedSocket } from './upgrade.js'
import { StoreUnavailableError } from '../storage/storage.js'

/** An open socket as the heartbeat and shutdown see it. */
export interface SocketEntry {
  connection: RelayConnection
  /** Cleared by each heartbeat, set by the next pong. */
  alive: boolean
}

/** Closes a socket that never became a connection, counting the reason. */
function closeEarly(ws: WebSocket, reason: CloseReason, metrics: RelayMetrics): void {
  metrics.closes.inc({ reason: reason.reason })
  try {
    ws.close(reason.code, reason.reason)
  } catch {
    ws.terminate()
  }
}

/** The `accept` step of the upgrade handler. `sockets` holds every socket that became a connection. */
export function makeSocketSetup(deps: {
  rooms: RoomRegistry
  caps: RelayCaps
  limits: RelayLimits
  metrics: RelayMetrics
  log: Logger
  sockets: Map<WebSocket, SocketEntry>
}) {
  const { rooms, caps, metrics, log, sockets } = deps
  let nextPeerId = 1

  /** Wires a connection's socket events; each handler catches its own failures. */
  function wire(ws: WebSocket, connection: RelayConnection, room: Room, release: () => void): SocketEntry {
    const entry: SocketEntry = { connection, alive: true }
    ws.on('pong', () => {
      entry.alive = true
    })
    ws.on('message', (data, isBinary) => {
      try {
        const bytes = Array.isArray(data) ? Buffer.concat(data) : data instanceof ArrayBuffer ? new Uint8Array(data) : data
        connection.onMessage(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), isBinary)
      } catch (error) {
        log('error', 'relay.message_failed', { room: room.name, peer: connection.id, error })
        connection.close(CLOSE.internalError)
      }
    })
    ws.on('close', (code) => {
      if (code === CLOSE.tooBig.code) metrics.closes.inc({ reason: CLOSE.tooBig.reason })
      connection.markGone()
      sockets.delete(ws)
      metrics.connections.set(sockets.size)
      release()
      try {
        rooms.leave(room, connection)
      } catch (error) {
        log('error', 'relay.leave_failed', { room: room.name, peer: connection.id, error })
      }
      log('info', 'relay.gone', { room: room.name, peer: connection.id, code })
    })
    return entry
  }

  function setUp({ ws, roomName, offered, address, release }: AcceptedSocket): void {
    if (!LIST_ID_PATTERN.test(roomName)) return closeEarly(ws, CLOSE.badRoom, metrics)
    let access: ReturnType<typeof decideAccess>
    try {
      access = decideAccess(caps.forAddress(address), roomName, offered)
    } catch (error) {
      if (error instanceof RoomRefused) {
        log('warn', 'relay.room_refused', { room: roomName, address, reason: error.reason.reason })
        return closeEarly(ws, error.reason, metrics)
      }
      log('error', 'relay.access_failed', { room: roomName, error })
      return closeEarly(ws, error instanceof StoreUnavailableError ? CLOSE.storeUnavailable : CLOSE.tryLater, metrics)
    }
    if (access === 'none') {
      log('info', 'relay.forbidden', { room: roomName, address })
      return closeEarly(ws, CLOSE.forbidden, metrics)
    }
    const refused = caps.refuseLoad(roomName)
    if (refused) {
      log('warn', 'relay.load_refused', { room: roomName, address, reason: refused.reason })
      return closeEarly(ws, refused, metrics)
    }
    let room: Room
    try {
      room = rooms.acquire(roomName)
    } catch (error) {
      log('error', 'relay.room_load_failed', { room: roomName, error })
      return closeEarly(ws, error instanceof StoreUnavailableError ? CLOSE.storeUnavailable : CLOSE.tryLater, metrics)
    }
    const connection = new RelayConnection(nextPeerId++, ws, room, access === 'write', deps)
    // handlers first: if joining throws, the close handler still leaves (and unloads) the room
    const entry = wire(ws, connection, room, release)
    sockets.set(ws, entry)
    metrics.connections.set(sockets.size)
    room.join(connection)
    log('info', 'relay.open', { room: roomName, peer: connection.id, access, address })
  }

  /** Sets up one accepted socket; any exception closes only this socket with 1011. */
  return function onSocket(accepted: AcceptedSocket): void {
    accepted.ws.on('error', () => accepted.ws.terminate())
    try {
      setUp(accepted)
    } catch (error) {
      log('error', 'relay.socket_failed', { room: accepted.roomName.slice(0, 64), error })
      const entry = sockets.get(accepted.ws)
      if (entry) entry.connection.close(CLOSE.internalError)
      else closeEarly(accepted.ws, CLOSE.internalError, metrics)
    }
  }
}
