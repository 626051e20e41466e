/**
 * `startRelay(config)`: one HTTP server on one port serving health, metrics, extra routes,
 * the static app, and websocket upgrades on `/sync/<listId>`. All state (rooms, storage,
 * metrics, limits) belongs to the returned relay, so several relays can run in one process.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import { LIST_ID_PATTERN } from '../src/doc/ids.js'
import { SYNC_SUBPROTOCOL } from '../src/protocol/access.js'
import { SYNC_PATH } from '../src/protocol/routes.js'
import type { RelayConfig } from './config.js'
import { makeFreezeRoute } from './http/freezeRoute.js'
import { makeDeleteRoute } from './http/deleteRoute.js'
import { sendJson } from './http/json.js'
import { setSecurityHeaders } from './http/securityHeaders.js'
import { makeStaticHandler } from './http/static.js'
import { silentLogger } from './log.js'
import { createRelayMetrics, type RelayMetrics } from './metrics.js'
import { decideAccess, parseOfferedProtocols } from './relay/accessCheck.js'
import { AddressLimits } from './relay/addressLimits.js'
import { CLOSE } from '../src/protocol/closeCodes.js'
import { RelayConnection } from './relay/connection.js'
import type { Room } from './relay/room.js'
import { RoomRegistry } from './relay/rooms.js'
import { openMemoryStorage } from './storage/memoryStorage.js'
import { openSqliteStorage } from './storage/sqliteStorage.js'
import type { RelayStorage } from './storage/storage.js'

/** A running relay. */
export interface Relay {
  /** `http://host:port` as bound (port resolved when 0 was asked for). */
  url: string
  port: number
  /** Prometheus registry and counters (tests read them too). */
  metrics: RelayMetrics
  /** Stops accepting, closes sockets with 1001, compacts and flushes every room, closes storage. */
  close(): Promise<void>
}

const HEARTBEAT_MS = 30_000

function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = String(req.headers['x-forwarded-for'] ?? '').split(',').map((s) => s.trim()).filter(Boolean)
    const last = forwarded[forwarded.length - 1]
    if (last) return last
  }
  return req.socket.remoteAddress ?? 'unknown'
}

function refuseUpgrade(socket: Duplex, status: number, text: string, extra = ''): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n${extra}\r\n`)
  socket.destroy()
}

/** Whether a browser's `Origin` may open a socket: same host, or listed. Absent Origin = not a browser page. */
function originAllowed(req: IncomingMessage, allowed: string[]): boolean {
  const origin = req.headers.origin
  if (origin === undefined) return true
  if (allowed.includes(origin)) return true
  try {
    return new URL(origin).host === req.headers.host
  } catch {
    return false
  }
}

/** Starts a relay and resolves once it listens. */
export async function startRelay(config: RelayConfig): Promise<Relay> {
  const log = config.logger ?? silentLogger
  const limits = config.limits
  const metrics = createRelayMetrics(true)
  const storage: RelayStorage = config.dataDir ? openSqliteStorage(config.dataDir, config.sqliteSync) : openMemoryStorage()
  const rooms = new RoomRegistry({ storage, limits, metrics, log })
  const addressLimits = new AddressLimits(limits.maxConnectionsPerAddress, limits.handshakesPerMinutePerAddress)
  const freezeRoute = makeFreezeRoute({ storage, rooms, log })
  const deleteRoute = makeDeleteRoute({ storage, rooms, log })
  const serveStatic = config.staticDir ? makeStaticHandler(config.staticDir, config.dataDir) : null
  const sockets = new Map<WebSocket, { connection: RelayConnection; alive: boolean }>()
  let nextPeerId = 1
  let closing = false

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: limits.maxFrameBytes,
    perMessageDeflate: false,
    clientTracking: false,
    handleProtocols: (protocols) => (protocols.has(SYNC_SUBPROTOCOL) ? SYNC_SUBPROTOCOL : false),
  })

  function onRequest(req: IncomingMessage, res: ServerResponse): void {
    setSecurityHeaders(req, res)
    const path = (req.url ?? '/').split('?')[0]
    if (path === '/healthz') return sendJson(res, 200, { status: 'ok' })
    if (path === '/readyz') {
      const ready = !closing && storage.isReady()
      return sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'unavailable' })
    }
    if (path === '/metrics') {
      metrics.connections.set(sockets.size)
      metrics.registry.metrics().then(
        (text) => res.writeHead(200, { 'Content-Type': metrics.registry.contentType, 'Cache-Control': 'no-store' }).end(text),
        () => res.writeHead(500).end(),
      )
      return
    }
    for (const route of [freezeRoute, deleteRoute, ...(config.routes ?? [])]) {
      try {
        if (route(req, res)) return
      } catch (error) {
        log('error', 'http.route_failed', { path, error })
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' }).end('internal error\n')
        return
      }
    }
    if (serveStatic) return serveStatic(req, res)
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found\n')
  }

  function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy())
    const path = (req.url ?? '').split('?')[0] ?? ''
    if (!path.startsWith(SYNC_PATH)) {
      metrics.refusedUpgrades.inc({ reason: 'not-found' })
      return refuseUpgrade(socket, 404, 'Not Found')
    }
    if (closing) {
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
    const release = releaseOnce(address)
    socket.once('close', release)
    // Only these small values outlive the upgrade: a closure holding `req` would keep the
    // whole request (headers and all) alive for as long as the socket is open.
    const roomName = path.slice(SYNC_PATH.length)
    const offered = parseOfferedProtocols(req.headers['sec-websocket-protocol'])
    wss.handleUpgrade(req, socket, head, (ws) => onSocket(ws, roomName, offered, address, release))
  }

  /** Gives an address's connection slot back, once. */
  function releaseOnce(address: string): () => void {
    let counted = true
    return () => {
      if (counted) addressLimits.closed(address)
      counted = false
    }
  }

  function onSocket(ws: WebSocket, roomName: string, offered: ReturnType<typeof parseOfferedProtocols>, address: string, release: () => void): void {
    ws.on('error', () => ws.terminate())
    if (!LIST_ID_PATTERN.test(roomName)) {
      metrics.closes.inc({ reason: CLOSE.badRoom.reason })
      ws.close(CLOSE.badRoom.code, CLOSE.badRoom.reason)
      return
    }
    let access: ReturnType<typeof decideAccess>
    try {
      access = decideAccess(storage, roomName, offered)
    } catch (error) {
      log('error', 'relay.access_failed', { room: roomName, error })
      ws.close(CLOSE.tryLater.code, CLOSE.tryLater.reason)
      return
    }
    if (access === 'none') {
      metrics.closes.inc({ reason: CLOSE.forbidden.reason })
      log('info', 'relay.forbidden', { room: roomName, address })
      ws.close(CLOSE.forbidden.code, CLOSE.forbidden.reason)
      return
    }
    const peerId = nextPeerId++
    let room: Room
    try {
      room = rooms.acquire(roomName)
    } catch (error) {
      log('error', 'relay.room_load_failed', { room: roomName, error })
      ws.close(CLOSE.tryLater.code, CLOSE.tryLater.reason)
      return
    }
    const connection = new RelayConnection(peerId, ws, room, access === 'write', { limits, metrics, log })
    const entry = { connection, alive: true }
    room.join(connection)
    sockets.set(ws, entry)
    metrics.connections.set(sockets.size)
    log('info', 'relay.open', { room: roomName, peer: peerId, access, address })
    ws.on('pong', () => {
      entry.alive = true
    })
    ws.on('message', (data, isBinary) => {
      const bytes = Array.isArray(data) ? Buffer.concat(data) : data instanceof ArrayBuffer ? new Uint8Array(data) : data
      connection.onMessage(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), isBinary)
    })
    ws.on('close', (code) => {
      if (code === CLOSE.tooBig.code) metrics.closes.inc({ reason: CLOSE.tooBig.reason })
      connection.markGone()
      sockets.delete(ws)
      metrics.connections.set(sockets.size)
      release()
      rooms.leave(room, connection)
      log('info', 'relay.gone', { room: roomName, peer: peerId, code })
    })
  }

  const server = createServer(onRequest)
  server.on('upgrade', onUpgrade)
  server.on('clientError', (_error, socket: Socket) => socket.destroy())
  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject)
    server.listen(config.port, config.host, () => {
      server.off('error', reject)
      resolvePromise()
    })
  })

  const heartbeat = setInterval(() => {
    for (const [ws, entry] of sockets) {
      if (!entry.alive) {
        ws.terminate()
        continue
      }
      entry.alive = false
      ws.ping()
    }
    addressLimits.sweep()
  }, HEARTBEAT_MS)
  heartbeat.unref()

  const { port } = server.address() as AddressInfo
  const shownHost = config.host.includes(':') ? `[${config.host}]` : config.host
  let closed: Promise<void> | null = null

  async function close(): Promise<void> {
    closing = true
    clearInterval(heartbeat)
    const serverClosed = new Promise<void>((done) => server.close(() => done()))
    const socketsClosed = [...sockets.keys()].map(
      (ws) =>
        new Promise<void>((done) => {
          ws.once('close', () => done())
          sockets.get(ws)?.connection.close(CLOSE.goingAway)
          setTimeout(() => {
            ws.terminate()
            done()
          }, 1000).unref()
        }),
    )
    await Promise.all(socketsClosed)
    rooms.unloadAll()
    storage.close()
    server.closeAllConnections()
    await serverClosed
    wss.close()
  }

  return {
    url: `http://${shownHost}:${port}`,
    port,
    metrics,
    close: () => (closed ??= close()),
  }
}
