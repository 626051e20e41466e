/**
 * Three relay processes on one PostgreSQL and one Redis, for the cluster's fault tests: real
 * `node build/server/main.js` children, real y-websocket clients, the services from
 * `scripts/services.mjs` (this file's own, so tests may stop and restart them).
 */
import { afterAll, beforeAll } from 'vitest'
import * as Y from 'yjs'
import { openPostgresStorage } from '../../server/storage/postgresStorage.js'
import { buildRelay, connectClient, spawnRelay, until, type OnFinished, type RelayProcess, type TestClient } from '../helpers/relayClient.js'
import type { TestServices } from '../helpers/services.js'

/** One relay slot: a fixed port, so clients reconnect to the same address after a restart. */
export interface RelaySlot {
  port: number
  process: RelayProcess | null
}

/** The environment of a cluster relay. */
export const clusterEnv = (services: TestServices, port: number): Record<string, string> => ({
  SHORTLIST_DATABASE_URL: services.databaseUrl,
  SHORTLIST_REDIS_URL: services.redisUrl,
  SHORTLIST_DATA_DIR: '',
  PORT: String(port),
  // the tests open many sockets from 127.0.0.1
  SHORTLIST_MAX_CONNECTIONS_PER_ADDRESS: '1000',
  SHORTLIST_HANDSHAKES_PER_MINUTE: '100000',
  SHORTLIST_NEW_ROOMS_PER_HOUR: '100000',
  SHORTLIST_MAX_SOCKETS_PER_ADDRESS: '100000',
})

/** Starts (or restarts) the relay of a slot and waits for it to listen. */
export async function startSlot(services: TestServices, slot: RelaySlot): Promise<RelayProcess> {
  buildRelay()
  const relay = await spawnRelay(clusterEnv(services, slot.port), { outliveTest: true })
  slot.process = relay
  slot.port = Number(new URL(relay.url).port)
  return relay
}

/** Three relays, each on its own port. */
export async function startCluster(services: TestServices, count = 3): Promise<RelaySlot[]> {
  const slots: RelaySlot[] = []
  for (let i = 0; i < count; i++) {
    const slot: RelaySlot = { port: 0, process: null }
    await startSlot(services, slot)
    slots.push(slot)
  }
  return slots
}

/**
 * Starts a cluster before the enclosing `describe`'s tests and stops it after them; the returned
 * slots are filled in place once it runs (read them inside tests, not at collection time).
 */
export function useCluster(services: TestServices, count = 3): RelaySlot[] {
  const slots: RelaySlot[] = []
  beforeAll(async () => {
    slots.push(...(await startCluster(services, count)))
  }, 180_000)
  afterAll(() => stopCluster(slots))
  return slots
}

/** Stops every relay of the cluster (SIGKILL: nothing to keep in a test teardown). */
export async function stopCluster(slots: RelaySlot[]): Promise<void> {
  await Promise.all(
    slots.map(async (slot) => {
      const child = slot.process?.child
      if (!child || child.exitCode !== null || child.signalCode !== null) return
      child.kill('SIGKILL')
      await slot.process!.exited
    }),
  )
}

/** Gracefully stops a slot's relay (SIGTERM) and waits for it to exit. */
export async function stopSlot(slot: RelaySlot, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  const relay = slot.process
  if (!relay || relay.child.exitCode !== null) return
  relay.child.kill(signal)
  await relay.exited
}

export const urlOf = (slot: RelaySlot): string => `http://127.0.0.1:${slot.port}`

/** The keys a client wrote into the shared test map. */
export const keysOf = (doc: Y.Doc): Set<string> => new Set(doc.getMap('edits').keys())

/** A writer: puts `writer-i` keys into the shared map, one per call. */
export function edit(client: TestClient, key: string): void {
  client.doc.getMap('edits').set(key, key.length)
}

/** Waits until every client holds every key in `expected`. */
export async function converged(clients: TestClient[], expected: Set<string>, what: string, timeoutMs = 30_000): Promise<void> {
  await until(() => clients.every((client) => [...expected].every((key) => client.doc.getMap('edits').has(key))), what, timeoutMs)
}

/** The keys stored in PostgreSQL for a room, read directly from the store. */
export function storedKeys(databaseUrl: string, room: string): Set<string> {
  const storage = openPostgresStorage(databaseUrl)
  try {
    const doc = new Y.Doc()
    for (const row of storage.loadUpdates(room)) Y.applyUpdate(doc, row)
    return keysOf(doc)
  } finally {
    storage.close()
  }
}

/** A client on a slot's relay. */
export const clientOn = (slot: RelaySlot, listId: string, fragment: string, onFinished?: OnFinished): Promise<TestClient> =>
  connectClient(urlOf(slot), listId, fragment, onFinished ? { onFinished } : {})

/** A small deterministic random generator (mulberry32), so a failing seed replays. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** `/readyz` of a relay, parsed. */
export async function readyz(slot: RelaySlot): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${urlOf(slot)}/readyz`)
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}
