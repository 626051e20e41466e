/**
 * Relay configuration: one typed object, parsed once from the environment by `server/main.ts`
 * (`configFromEnv`) or built directly by tests. Every limit says what its default protects.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Logger } from './log.js'
import type { RelayStorage } from './storage/storage.js'

/**
 * An extra HTTP route: return true if it handled the request (it then owns the response).
 * Routes run in order before static files, e.g. `/api/lookup`.
 */
export type HttpRoute = (req: IncomingMessage, res: ServerResponse) => boolean

/** Limits that bound what one peer, address or room can cost the process. */
export interface RelayLimits {
  /** ws `maxPayload`: a bigger frame closes the socket with 1009. Bounds memory per message. Default 2 MiB. */
  maxFrameBytes: number
  /** Stored size of a room above which writes are refused (4413). Bounds disk and memory per room. Default 64 MiB. */
  maxRoomBytes: number
  /** Open sockets per client address. Stops one host from exhausting file descriptors. Default 64. */
  maxConnectionsPerAddress: number
  /** Upgrades per address per minute (token bucket, burst = this / 2). Stops reconnect storms. Default 120. */
  handshakesPerMinutePerAddress: number
  /** Awareness messages per connection per second (burst 2×); extra ones are dropped. Default 20. */
  awarenessPerSecond: number
  /** Largest awareness message accepted; bigger ones are dropped. Presence is small. Default 32 KiB. */
  maxAwarenessBytes: number
  /** Client ids one connection may announce presence for. Default 4. */
  maxAwarenessClientsPerConnection: number
  /** Messages of any kind per connection per second (burst 4×); beyond it the socket closes with 4529. Default 200. */
  messagesPerSecond: number
  /** How long an update may wait for its dependencies before its socket closes (4409). Default 10 s. */
  missingDepsTimeoutMs: number
  /** Bytes of updates one connection may hold waiting for dependencies. Default 8 MiB. */
  maxHeldBytes: number
  /** Updates one connection may hold waiting for dependencies (4409 beyond). Bounds re-checks per commit. Default 64. */
  maxHeldUpdatesPerConnection: number
  /** Updates all connections of a room may hold waiting for dependencies (4409 for the one that passes it). Default 1,024. */
  maxHeldUpdatesPerRoom: number
  /** Stored rows per room before the room is compacted into one. Default 200. */
  compactAfterRows: number
  /** Updates one storage transaction may hold before it is written (and forwarded) at once. Default 64. */
  writeBatchMaxUpdates: number
  /** Longest an update waits for the rest of its batch before the batch is written at once. Default 1 ms. */
  writeBatchMaxWaitMs: number
  /** Bytes buffered for one peer above which the relay stops reading from it until they drain. Default 1 MiB. */
  sendBufferSoftBytes: number
  /**
   * Bytes buffered for one peer (beyond the one sync reply in flight) above which it is closed
   * with 4508 `slowReader`. Bounds memory per connection. Default 8 MiB.
   */
  sendBufferHardBytes: number
  /** Sync-reply bytes per connection per second (burst 4×; a reply may run into debt, the next step 1 waits). Default 4 MiB. */
  syncBytesPerSecond: number
  /** Rooms held in memory at once; a connection that would load one more is closed with 4503. Default 2,000. */
  maxLoadedRooms: number
  /** Stored bytes of the rooms held in memory above which no further room is loaded (4503). Default 512 MiB. */
  maxLoadedBytes: number
  /** Bytes of room updates stored in total; past it new rooms and writes are refused with 4507. Default 8 GiB. */
  maxStoredBytes: number
  /** New rooms (claims) per client address per hour (burst = this); more close with 4530. Default 60. */
  newRoomsPerHourPerAddress: number
  /** Open TCP sockets (plain HTTP and websockets) per client address; more are dropped at accept. Not applied with `trustProxy`. Default 128. */
  maxSocketsPerAddress: number
  /** Longest a client may take to send a request's headers (slowloris). Default 10 s. */
  headersTimeoutMs: number
  /** Longest a client may take to send a whole request. Default 30 s. */
  requestTimeoutMs: number
}

/** Everything `startRelay` needs. */
export interface RelayConfig {
  /** TCP port; 0 = any free port (tests run relays side by side). */
  port: number
  /** Interface to bind. 0.0.0.0 lets phones on the LAN (or a reverse proxy) reach it. */
  host: string
  /** Folder holding the SQLite file; null keeps rooms in memory (tests only). */
  dataDir: string | null
  /** Built PWA served at `/`; null disables static serving. */
  staticDir: string | null
  /**
   * Origins allowed to open a websocket besides the relay's own. Empty = same origin only,
   * which stops other sites from using a visitor's browser to talk to the relay.
   */
  allowedOrigins: string[]
  /** Take the client address from the last `X-Forwarded-For` hop (only behind a trusted proxy). */
  trustProxy: boolean
  /** `synchronous` pragma: NORMAL survives a process crash (SIGKILL); FULL also survives power loss. */
  sqliteSync: 'NORMAL' | 'FULL'
  /**
   * PostgreSQL URL: rooms, access hashes, frozen and deleted rooms live there instead of in
   * SQLite, so several relays can share them. Null: SQLite in `dataDir` (the default).
   */
  databaseUrl: string | null
  /** Redis URL: relays sharing `databaseUrl` fan out updates and presence through it. Null: no Redis. */
  redisUrl: string | null
  limits: RelayLimits
  /**
   * Bearer token that `/metrics` requires (compared in constant time). Null: `/metrics` is
   * served only to loopback clients (with `trustProxy`, the forwarded address counts).
   */
  metricsToken: string | null
  /** Lowest log level written (`debug` adds room load/unload lines). */
  logLevel: 'info' | 'debug'
  /** Contact address sent to metadata sources in the lookup's User-Agent; undefined: none. */
  lookupMailto: string | undefined
  /** Extra HTTP routes, tried in order before static files. */
  routes?: HttpRoute[]
  /** Storage to use instead of opening one from `dataDir` (embedding and tests); the relay closes it. */
  storage?: RelayStorage
  /** Structured log sink; silent when omitted. */
  logger?: Logger
}

/** Default limits (see `RelayLimits` for what each protects). */
export const DEFAULT_LIMITS: RelayLimits = {
  maxFrameBytes: 2 * 1024 * 1024,
  maxRoomBytes: 64 * 1024 * 1024,
  maxConnectionsPerAddress: 64,
  handshakesPerMinutePerAddress: 120,
  awarenessPerSecond: 20,
  maxAwarenessBytes: 32 * 1024,
  maxAwarenessClientsPerConnection: 4,
  messagesPerSecond: 200,
  missingDepsTimeoutMs: 10_000,
  maxHeldBytes: 8 * 1024 * 1024,
  maxHeldUpdatesPerConnection: 64,
  maxHeldUpdatesPerRoom: 1024,
  compactAfterRows: 200,
  writeBatchMaxUpdates: 64,
  writeBatchMaxWaitMs: 1,
  sendBufferSoftBytes: 1024 * 1024,
  sendBufferHardBytes: 8 * 1024 * 1024,
  syncBytesPerSecond: 4 * 1024 * 1024,
  maxLoadedRooms: 2000,
  maxLoadedBytes: 512 * 1024 * 1024,
  maxStoredBytes: 8 * 1024 * 1024 * 1024,
  newRoomsPerHourPerAddress: 60,
  maxSocketsPerAddress: 128,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
}

/** Config overrides where limits may be given in part. */
export type RelayConfigOverrides = Partial<Omit<RelayConfig, 'limits'>> & { limits?: Partial<RelayLimits> }

/** A config for tests and embedding: in-memory, loopback, any port, default limits. */
export function defaultConfig(overrides: RelayConfigOverrides = {}): RelayConfig {
  return {
    port: 0,
    host: '127.0.0.1',
    dataDir: null,
    staticDir: null,
    allowedOrigins: [],
    trustProxy: false,
    sqliteSync: 'NORMAL',
    databaseUrl: null,
    redisUrl: null,
    metricsToken: null,
    logLevel: 'info',
    lookupMailto: undefined,
    ...overrides,
    limits: { ...DEFAULT_LIMITS, ...overrides.limits },
  }
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 0): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer >= ${min}, got "${raw}"`)
  return value
}

/** Environment variables that set a limit, and the limit each sets (minimum 1 unless listed). */
const LIMIT_VARIABLES: ReadonlyArray<[string, keyof RelayLimits, number?]> = [
  ['SHORTLIST_MAX_FRAME_BYTES', 'maxFrameBytes', 1024],
  ['SHORTLIST_MAX_ROOM_BYTES', 'maxRoomBytes', 1024],
  ['SHORTLIST_MAX_CONNECTIONS_PER_ADDRESS', 'maxConnectionsPerAddress'],
  ['SHORTLIST_HANDSHAKES_PER_MINUTE', 'handshakesPerMinutePerAddress'],
  ['SHORTLIST_MAX_LOADED_ROOMS', 'maxLoadedRooms'],
  ['SHORTLIST_MAX_LOADED_BYTES', 'maxLoadedBytes', 1024],
  ['SHORTLIST_MAX_STORED_BYTES', 'maxStoredBytes', 1024],
  ['SHORTLIST_NEW_ROOMS_PER_HOUR', 'newRoomsPerHourPerAddress'],
  ['SHORTLIST_MAX_SOCKETS_PER_ADDRESS', 'maxSocketsPerAddress'],
  ['SHORTLIST_SEND_BUFFER_SOFT_BYTES', 'sendBufferSoftBytes', 1024],
  ['SHORTLIST_SEND_BUFFER_HARD_BYTES', 'sendBufferHardBytes', 1024],
  ['SHORTLIST_SYNC_BYTES_PER_SECOND', 'syncBytesPerSecond', 1024],
]

/**
 * Parses the environment into a config; throws with the variable's name on bad input so the
 * process fails fast at start-up. The only reader of the environment (README: "Config").
 * Variables: PORT, HOST, SHORTLIST_DATA_DIR, SHORTLIST_STATIC_DIR (empty disables),
 * SHORTLIST_ALLOWED_ORIGINS (comma list), SHORTLIST_TRUST_PROXY (1/0), SHORTLIST_SQLITE_SYNC,
 * SHORTLIST_METRICS_TOKEN, SHORTLIST_LOG_LEVEL, SHORTLIST_LOOKUP_MAILTO, SHORTLIST_DATABASE_URL,
 * SHORTLIST_REDIS_URL (`clusterFromEnv`), and the limits in `LIMIT_VARIABLES`.
 */
export function configFromEnv(env: NodeJS.ProcessEnv): RelayConfig {
  const port = integer(env, 'PORT', 8080)
  if (port > 65535) throw new Error(`PORT must be at most 65535, got "${env.PORT}"`)
  const sync = (env.SHORTLIST_SQLITE_SYNC ?? 'NORMAL').toUpperCase()
  if (sync !== 'NORMAL' && sync !== 'FULL') throw new Error(`SHORTLIST_SQLITE_SYNC must be NORMAL or FULL, got "${sync}"`)
  const metricsToken = env.SHORTLIST_METRICS_TOKEN ?? ''
  if (metricsToken !== '' && metricsToken.length < 16) throw new Error('SHORTLIST_METRICS_TOKEN must be at least 16 characters')
  const limits: RelayLimits = { ...DEFAULT_LIMITS }
  for (const [name, key, min] of LIMIT_VARIABLES) limits[key] = integer(env, name, DEFAULT_LIMITS[key], min ?? 1)
  const origins = (env.SHORTLIST_ALLOWED_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean)
  for (const origin of origins) {
    if (!/^https?:\/\/[^/]+$/.test(origin)) throw new Error(`SHORTLIST_ALLOWED_ORIGINS entries must look like https://host[:port], got "${origin}"`)
  }
  const { databaseUrl, redisUrl } = clusterFromEnv(env)
  return {
    port,
    host: env.HOST || '0.0.0.0',
    dataDir: env.SHORTLIST_DATA_DIR || './data',
    // unset: the built app in `dist`; set but empty: no static serving
    staticDir: env.SHORTLIST_STATIC_DIR === undefined ? 'dist' : env.SHORTLIST_STATIC_DIR || null,
    allowedOrigins: origins,
    trustProxy: env.SHORTLIST_TRUST_PROXY === '1' || env.SHORTLIST_TRUST_PROXY === 'true',
    sqliteSync: sync,
    databaseUrl,
    redisUrl,
    metricsToken: metricsToken || null,
    logLevel: env.SHORTLIST_LOG_LEVEL === 'debug' ? 'debug' : 'info',
    lookupMailto: env.SHORTLIST_LOOKUP_MAILTO || undefined,
    limits,
  }
}

/**
 * The store and fan-out settings. Allowed: neither (SQLite, one process), the database alone
 * (one or more relays on PostgreSQL; without Redis, other relays' updates arrive by polling
 * the store), or both. Refused at start: Redis without the database (relays with separate
 * stores cannot share rooms), SQLite settings beside the database, and malformed URLs.
 */
export function clusterFromEnv(env: NodeJS.ProcessEnv): { databaseUrl: string | null; redisUrl: string | null } {
  const databaseUrl = env.SHORTLIST_DATABASE_URL || null
  const redisUrl = env.SHORTLIST_REDIS_URL || null
  if (databaseUrl !== null && !/^postgres(ql)?:\/\/[^\s]+$/.test(databaseUrl)) {
    throw new Error('SHORTLIST_DATABASE_URL must be a PostgreSQL URL: postgres://user:password@host:5432/database')
  }
  if (redisUrl !== null && !/^rediss?:\/\/[^\s]+$/.test(redisUrl)) {
    throw new Error('SHORTLIST_REDIS_URL must be a Redis URL: redis://host:6379 (or rediss:// for TLS)')
  }
  if (redisUrl !== null && databaseUrl === null) {
    throw new Error('SHORTLIST_REDIS_URL needs SHORTLIST_DATABASE_URL: relays that fan out through Redis must share one PostgreSQL store')
  }
  if (databaseUrl !== null && env.SHORTLIST_SQLITE_SYNC) {
    throw new Error('SHORTLIST_SQLITE_SYNC applies to SQLite only; unset it when SHORTLIST_DATABASE_URL is set')
  }
  return { databaseUrl, redisUrl }
}
