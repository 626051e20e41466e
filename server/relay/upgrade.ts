/**
 * The checks a websocket upgrade passes before it becomes a socket: path `/sync/<name>`,
 * relay not closing, `Origin` allowed, per-address open sockets and handshakes per minute.
 * A refused upgrade gets a plain HTTP answer (404, 503, 403, 429) and its socket is closed.
 */
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import { SYNC_SUBPROTOCOL } from '../../src/protocol/access.js'
import { SYNC_PATH } from '../../src/protocol/routes.js'
import type { RelayConfig } from '../config.js'
import { clientAddress } from '../http/clientAddress.js'
import type { Logger } from '../log.js'
import type { RelayMetrics } from '../metrics.js'
import { parseOfferedProtocols, type OfferedAccess } from './accessCheck.js'
import { AddressLimits } from './addressLimits.js'

/** What an accepted upgrade hands on: only small values, so `req` (headers and all) is not kept alive by the socket. */
export interface AcceptedSocket {
  ws: WebSocket
  roomName: string
  offered: OfferedAccess
  address: string
  /** Gives the address's socket slot back (idempotent). */
  release: () => void
}

function refuseUpgrade(socket: Duplex, status: number, text: string, extra = ''): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n${extra}\r\n`)
  socket.destroy()
}

/** Whether a browser's `Origin` may open a socket: same host, or listed. Absent Origin = not a browser page. */
export function originAllowed(req: IncomingMessage, allowed: string[]): boolean {
  const origin = req.headers.origin
  if (origin === undefined) return true
  if (allowed.includes(origin)) return true
  try {
    return new URL(origin).host === req.headers.host
  } catch {
    return false
  }
}

/** The upgrade handler and what it keeps: the per-address caps (swept by the heartbeat) and the ws server. */
export function makeUpgradeHandler(deps: {
  config: RelayConfig
  metrics: RelayMetrics
  log: Logger
  isClosing: () => boolean
  accept: (socket: AcceptedSocket) => void
}) {
  const { config, metrics, log } = deps
  const addressLimits = new AddressLimits(config.limits.maxConnectionsPerAddress, config.limits.handshakesPerMinutePerAddress)
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: config.limits.maxFrameBytes,
    perMessageDeflate: false,
    clientTracking: false,
    handleProtocols: (protocols) => (protocols.has(SYNC_SUBPROTOCOL) ? SYNC_SUBPROTOCOL : false),
  })

  function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy())
    const path = (req.url ?? '').split('?')[0] ?? ''
    if (!path.startsWith(SYNC_PATH)) {
      metrics.refusedUpgrades.inc({ reason: 'not-found' })
      return refuseUpgrade(socket, 404, 'Not Found')
    }
    if (deps.isClosing()) {
      metrics.refusedUpgrades.inc({ reason: 'closing' })
      return refuseUpgrade(socket, 503, 'Service Unavailable', 'Retry-After: 5\r\n')
    }
    if (!originAllowed(req, config.allowedOrigins)) {
      metrics.refusedUpgrades.inc({ reason: 'origin' })
      log('warn', 'relay.origin_refused', { origin: String(req.headers.origin).slice(0, 200) })
      return refuseUpgrade(socket, 403, 'Forbidden')
    }
    const address = clientAddress(req, config.trustProxy)
    const admitted = addressLimits.admit(address)
    if (admitted !== 'ok') {
      metrics.refusedUpgrades.inc({ reason: admitted })
      log('warn', 'relay.upgrade_limited', { address, reason: admitted })
      return refuseUpgrade(socket, 429, 'Too Many Requests', 'Retry-After: 10\r\n')
    }
    addressLimits.opened(address)
    let counted = true
    const release = (): void => {
      if (counted) addressLimits.closed(address)
      counted = false
    }
    socket.once('close', release)
    const roomName = path.slice(SYNC_PATH.length)
    const offered = parseOfferedProtocols(req.headers['sec-websocket-protocol'])
    wss.handleUpgrade(req, socket, head, (ws) => deps.accept({ ws, roomName, offered, address, release }))
  }

  return { onUpgrade, addressLimits, close: () => wss.close() }
}
