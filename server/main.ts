/**
 * Process entry: environment -> config -> startRelay -> signals. Logs one JSON line per
 * event on stdout; `relay.listening` carries the URL (tests parse it when PORT=0).
 */
import { join } from 'node:path'
import { configFromEnv } from './config.js'
import { makeJsonLogger } from './log.js'
import { createFeedsRoute } from './feeds/index.js'
import { createLookupRoute, lookupUserAgent, openLookupDatabase, upstreamBasesFromEnv } from './lookup/index.js'
import { startRelay } from './server.js'
import type { RelayStorage } from './storage/storage.js'

// A closed log pipe (a log collector that went away) must not crash the relay before it flushes.
process.stdout.on('error', () => {})
const write = (line: string): void => void process.stdout.write(line)

let config
try {
  config = configFromEnv(process.env)
} catch (error) {
  makeJsonLogger(write)('error', 'relay.bad_config', { error })
  process.exit(2)
}
const log = makeJsonLogger(write, config.logLevel)

let upstreams
try {
  upstreams = upstreamBasesFromEnv(process.env)
} catch (error) {
  log('error', 'relay.bad_config', { error })
  process.exit(2)
}
// On PostgreSQL, rooms and the lookup cache live there (shared by every relay)
let storage: RelayStorage | undefined
try {
  // loaded only when configured: the single process on SQLite never loads the PostgreSQL client
  storage = config.databaseUrl ? (await import('./storage/postgresStorage.js')).openPostgresStorage(config.databaseUrl) : undefined
} catch (error) {
  log('error', 'relay.start_failed', { error })
  process.exit(1)
}
// Otherwise metadata answers are cached beside the rooms, in their own file: losing it only costs re-fetches.
const lookupDb = storage?.lookupCache ? null : openLookupDatabase(config.dataDir ? join(config.dataDir, 'lookup-cache.sqlite') : ':memory:')
const userAgent = lookupUserAgent(config.lookupMailto)
const lookup = createLookupRoute({ db: storage?.lookupCache ?? lookupDb!, userAgent, upstreams, trustProxy: config.trustProxy, logger: log })
const feeds = createFeedsRoute({ cache: lookup.cache, userAgent, upstreams, logger: log })
let relay
try {
  relay = await startRelay({ ...config, storage, logger: log, routes: [...(config.routes ?? []), lookup.handle, feeds.handle] })
} catch (error) {
  // e.g. PostgreSQL unreachable at start: say so and stop, rather than serve without a store
  log('error', 'relay.start_failed', { error })
  process.exit(1)
}
log('info', 'relay.listening', {
  url: relay.url,
  dataDir: config.databaseUrl ? null : config.dataDir,
  store: config.databaseUrl ? 'postgres' : 'sqlite',
  fanout: config.redisUrl ? 'redis' : 'none',
  staticDir: config.staticDir,
})

let stopping = false
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return
    stopping = true
    log('info', 'relay.stopping', { signal })
    lookup.close()
    feeds.close()
    relay.close().then(
      () => {
        lookupDb?.close()
        log('info', 'relay.stopped')
        process.exit(0)
      },
      (error: unknown) => {
        log('error', 'relay.stop_failed', { error })
        process.exit(1)
      },
    )
  })
}
