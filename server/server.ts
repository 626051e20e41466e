/**
 * `startRelay(config)`: one HTTP server on one port serving health, metrics, extra routes,
 * the static app, and websocket upgrades on `/sync/<listId>`. All state (rooms, storage,
 * metrics, limits) belongs to the returned relay, so several relays can run in one process.
 *
 * The steps live in their own modules: HTTP requests (`http/requestHandler.ts`,
 * `http/metricsRoute.ts`), sockets per address and request timeouts (`http/socketLimits.ts`),
 * upgrade checks (`relay/upgrade.ts`), socket set-up (`relay/socketSetup.ts`), relay-wide caps
 * (`relay/relayCaps.ts`), heartbeat (`relay/heartbeat.ts`); shutdown is `close` below.
 */
import { createServer } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import type { WebSocket } from 'ws'
import { CLOSE } from '../src/protocol/closeCodes.js'
import type { RelayConfig } from './config.js'
import { makeDeleteRoute } from './http/deleteRoute.js'
import { makeFreezeRoute } from './http/freezeRoute.js'
import { makeMetricsRoute } from './http/metricsRoute.js'
import { makeRequestHandler, type Readiness } from './http/requestHandler.js'
import { limitHttpSockets } from './http/socketLimits.js'
import { makeStaticHandler } from './http/static.js'
import { silentLogger, type Logger } from './log.js'
import { createRelayMetrics, type RelayMetrics } from './metrics.js'
import { startHeartbeat } from './relay/heartbeat.js'
import { RelayCaps } from './relay/relayCaps.js'
import { RoomRegistry } from './relay/rooms.js'
import { makeSocketSetup, type SocketEntry } from './relay/socketSetup.js'
import { makeUpgradeHandler } from './relay/upgrade.js'
import type { ClusterFanout } from './cluster/fanout.js'
import { guardStorage, type GuardedStorage } from './storage/guardedStorage.js'
import { openMemoryStorage } from './storage/memoryStorage.js'
import { openSqliteStorage } from './storage/sqliteStorage.js'

/** A running relay. */
export interface Relay {
  /** `http://host:port` as bound (port resolved when 0 was asked for). */
  url: string
  port: number
  /** Prometheus registry and counters (tests read them too). */
  metrics: RelayMetrics
  /**
   * Stops accepting, closes sockets with 1001, compacts and flushes every room, closes
   * storage. Storage failures on the way are logged, not thrown: every update the relay
   * acknowledged (forwarded) was already durable, so shutdown still succeeds.
   */
  close(): Promise<void>
}

/**
 * Why the relay is not ready, or that it is, with the state of each dependency: the store
 * (`sqlite`, `postgres` or `memory`) and, on a shared store, the fan-out (`redis`: up, down
 * or off; listed only on a shared store). A relay whose Redis is down stays ready: it still stores every update, and other
 * relays' updates reach it from the store, later.
 */
function readiness(closing: boolean, storage: GuardedStorage, storeKind: string, fanout: ClusterFanout | null): Readiness {
  const writeFailed = storage.writeFailure() !== null
  const storeUp = !writeFailed && storage.isReady()
  // the single process answers as it always has; a relay on a shared store lists its dependencies
  const dependencies = fanout ? { store: { kind: storeKind, state: storeUp ? 'up' : 'down' }, fanout: { kind: 'redis', state: fanout.state } } : undefined
  if (closing) return { ready: false, reason: 'closing', dependencies }
  if (writeFailed) return { ready: false, reason: 'storage-write-failed', dependencies }
  if (!storeUp) return { ready: false, reason: 'storage-unavailable', dependencies }
  return { ready: true, dependencies }
}

/** Closes every socket with 1001, waiting at most a second for each closing handshake. */
async function closeSockets(sockets: Map<WebSocket, SocketEntry>): Promise<void> {
  await Promise.all(
    [...sockets].map(
      ([ws, entry]) =>
        new Promise<void>((done) => {
          ws.once('close', () => done())
          entry.connection.close(CLOSE.goingAway)
          setTimeout(() => {
            ws.terminate()
            done()
          }, 1000).unref()
        }),
    ),
  )
}

/** Runs one shutdown step; a failure is logged and shutdown goes on. */
function step(log: Logger, name: string, run: () => void): void {
  try {
    run()
  } catch (error) {
    log('error', name, { error })
  }
}

/** Starts a relay and resolves once it listens. */
export async function startRelay(config: RelayConfig): Promise<Relay> {
  const log = config.logger ?? silentLogger
  const limits = config.limits
  const metrics = createRelayMetrics(true)
  const storeKind = config.storage ? (config.storage.shared ? 'postgres' : 'custom') : config.databaseUrl ? 'postgres' : config.dataDir ? 'sqlite' : 'memory'
  const base =
    config.storage ??
    // the PostgreSQL and Redis clients load only when configured: the single process never loads them
    (config.databaseUrl
      ? (await import('./storage/postgresStorage.js')).openPostgresStorage(config.databaseUrl)
      : config.dataDir
        ? openSqliteStorage(config.dataDir, config.sqliteSync)
        : openMemoryStorage())
  const storage = guardStorage(base, limits.maxStoredBytes)
  if (config.redisUrl && !storage.shared) {
    storage.close()
    throw new Error('SHORTLIST_REDIS_URL needs a shared store (SHORTLIST_DATABASE_URL)')
  }
  const fanout = storage.shared
    ? new (await import('./cluster/fanout.js')).ClusterFanout({ redisUrl: config.redisUrl, store: storage.shared, metrics, log })
    : null
  const rooms = new RoomRegistry({
    storage,
    limits,
    metrics,
    log,
    ...(fanout && { cluster: fanout, roomEvents: (room: string, kind: 'frozen' | 'deleted') => fanout.roomEvent(room, kind) }),
  })
  fanout?.start(rooms)
  const caps = new RelayCaps(limits, storage, rooms)
  const sockets = new Map<WebSocket, SocketEntry>()
  let closing = false

  const serveStatic = config.staticDir ? makeStaticHandler(config.staticDir, config.dataDir) : null
  const metricsRoute = makeMetricsRoute({
    metrics,
    token: config.metricsToken,
    trustProxy: config.trustProxy,
    beforeRender: () => {
      metrics.connections.set(sockets.size)
      metrics.storedBytes.set(storage.storedBytes())
      metrics.loadedBytes.set(rooms.loadedBytes())
    },
  })
  const onRequest = makeRequestHandler({
    readiness: () => readiness(closing, storage, storeKind, fanout),
    routes: [metricsRoute, makeFreezeRoute({ storage, rooms, log }), makeDeleteRoute({ storage, rooms, log }), ...(config.routes ?? [])],
    serveStatic: serveStatic && ((req, res) => (serveStatic(req, res), true)),
    log,
  })
  const onSocket = makeSocketSetup({ rooms, caps, limits, metrics, log, sockets })
  const upgrades = makeUpgradeHandler({ config, metrics, log, isClosing: () => closing, accept: onSocket })

  // request timeouts are enforced on each check: once a second, not Node's default 30 s
  const server = createServer({ connectionsCheckingInterval: 1000 }, onRequest)
  limitHttpSockets(server, limits, config.trustProxy, metrics, log)
  server.on('upgrade', upgrades.onUpgrade)
  server.on('clientError', (_error, socket: Socket) => socket.destroy())
  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject)
    server.listen(config.port, config.host, () => {
      server.off('error', reject)
      resolvePromise()
    })
  })
  const stopHeartbeat = startHeartbeat(sockets, () => {
    upgrades.addressLimits.sweep()
    caps.sweep()
  })

  const { port } = server.address() as AddressInfo
  const shownHost = config.host.includes(':') ? `[${config.host}]` : config.host
  let closed: Promise<void> | null = null

  async function close(): Promise<void> {
    closing = true
    stopHeartbeat()
    const serverClosed = new Promise<void>((done) => server.close(() => done()))
    await closeSockets(sockets)
    // Each room's final compaction may fail (e.g. a full disk): its rows stay as they are.
    step(log, 'relay.final_compaction_failed', () => rooms.unloadAll())
    await fanout?.close()
    step(log, 'relay.storage_close_failed', () => storage.close())
    server.closeAllConnections()
    await serverClosed
    upgrades.close()
  }

  return {
    url: `http://${shownHost}:${port}`,
    port,
    metrics,
    close: () => (closed ??= close()),
  }
}
