/**
 * The relay as a real child process (`node build/server/main.js`): SIGKILL right after
 * forwarding edits loses nothing, and SIGTERM closes sockets with "going away".
 *
 * The SIGKILL seeds run a few at a time, in lanes: each lane has its own data folder and a
 * chain of relay processes (the relay restarted after seed k's kill serves the lane's next
 * seed), so each seed costs one process start and lanes overlap their waits.
 */
import Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, test, type ExpectStatic } from 'vitest'
import * as Y from 'yjs'
import { CLOSE } from '../../src/protocol/closeCodes.js'
import { DATABASE_FILE } from '../../server/storage/sqliteStorage.js'
import { buildRelay, connectClient, newList, spawnRelay, tempDir, until, type OnFinished, type RelayProcess } from '../helpers/relayClient.js'
import { createRng } from '../helpers/testNetwork.js'

const papers = (doc: Y.Doc) => doc.getMap<string>('papers')
const SEEDS = Array.from({ length: 20 }, (_, i) => i + 1)
/** Seeds in flight at once (one relay process each). */
const LANES = 4

beforeAll(() => {
  buildRelay()
}, 120_000)

interface Lane {
  dataDir: string
  relay: RelayProcess | null
  /** Settles when the lane's previous seed is done. */
  turn: Promise<void>
}

const lanes: Lane[] = Array.from({ length: LANES }, () => ({
  dataDir: mkdtempSync(join(tmpdir(), 'shortlist-kill-')),
  relay: null,
  turn: Promise.resolve(),
}))

afterAll(() => {
  for (const lane of lanes) {
    lane.relay?.child.kill('SIGKILL')
    rmSync(lane.dataDir, { recursive: true, force: true })
  }
})

/** Runs `work` once the lane's previous seed has finished (pass or fail). */
function inLane(lane: Lane, work: () => Promise<void>): Promise<void> {
  const run = lane.turn.then(work)
  lane.turn = run.catch(() => {})
  return run
}

/** The clock a doc holds for a client. */
const clockOf = (doc: Y.Doc, client: number): number => Y.decodeStateVector(Y.encodeStateVector(doc)).get(client) ?? 0

async function killAfterForwarding(seed: number, lane: Lane, expect: ExpectStatic, onFinished: OnFinished): Promise<void> {
  const rng = createRng(seed)
  const list = await newList()
  const first = lane.relay ?? (await spawnRelay({ SHORTLIST_DATA_DIR: lane.dataDir }, { outliveTest: true }))
  lane.relay = first
  const connect = (url: string) => connectClient(url, list.listId, list.secret, { onFinished })
  const [observer, ...clients] = await Promise.all([connect(first.url), connect(first.url), connect(first.url), connect(first.url)])
  await Promise.all([observer!, ...clients].map((c) => c.whenSynced()))
  const expected = new Map<string, string>()
  const edits = 10 + rng.int(30)
  for (let i = 0; i < edits; i++) {
    const client = rng.pick(clients)
    const key = `k${rng.int(20)}`
    const value = `${seed}-${i}`
    papers(client.doc).set(key, value)
    expected.set(key, value)
    if (rng.bool(0.3)) await new Promise((resolve) => setImmediate(resolve))
  }
  // Every edit has been forwarded once the observer holds each client's latest clock.
  await until(() => clients.every((c) => clockOf(observer!.doc, c.doc.clientID) >= clockOf(c.doc, c.doc.clientID)), 'observer received every edit')
  first.child.kill('SIGKILL')
  lane.relay = null
  await first.exited
  for (const client of [...clients, observer!]) client.destroy()

  const db = new Database(join(lane.dataDir, DATABASE_FILE), { readonly: true })
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
  db.close()

  const second = await spawnRelay({ SHORTLIST_DATA_DIR: lane.dataDir }, { outliveTest: true })
  lane.relay = second
  const fresh = await connect(second.url)
  await fresh.whenSynced()
  await until(() => papers(fresh.doc).size === expected.size, 'fresh client has every key')
  const union = new Y.Doc()
  for (const client of clients) Y.applyUpdate(union, Y.encodeStateAsUpdate(client.doc))
  expect(papers(fresh.doc).toJSON()).toEqual(papers(union).toJSON())
  fresh.destroy()
}

describe.concurrent('relay process', () => {
  test('prints one relay.listening JSON line with its URL', async ({ expect, onTestFinished }) => {
    const relay = await spawnRelay({ SHORTLIST_DATA_DIR: tempDir('shortlist-relay-', onTestFinished) }, { onFinished: onTestFinished })
    expect(relay.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(relay.logs.filter((line) => line.msg === 'relay.listening')).toHaveLength(1)
    const health = await fetch(`${relay.url}/healthz`)
    expect(health.status).toBe(200)
  })

  test.for(SEEDS)('SIGKILL right after forwarding keeps every edit (seed %i)', { timeout: 60_000 }, (seed, { expect, onTestFinished }) =>
    inLane(lanes[seed % LANES]!, () => killAfterForwarding(seed, lanes[seed % LANES]!, expect, onTestFinished)),
  )

  test('SIGTERM closes sockets with 1001, flushes, and exits 0', async ({ expect, onTestFinished }) => {
    const dataDir = tempDir('shortlist-relay-', onTestFinished)
    const list = await newList()
    const relay = await spawnRelay({ SHORTLIST_DATA_DIR: dataDir }, { onFinished: onTestFinished })
    const connect = () => connectClient(relay.url, list.listId, list.secret, { onFinished: onTestFinished })
    const client = await connect()
    await client.whenSynced()
    papers(client.doc).set('kept', 'yes')
    const observer = await connect()
    await until(() => papers(observer.doc).get('kept') === 'yes', 'forwarded')
    relay.child.kill('SIGTERM')
    expect(await relay.exited).toEqual({ code: 0, signal: null })
    await until(() => client.closes.length > 0, 'client saw the close')
    expect(client.closes[0]).toEqual({ code: CLOSE.goingAway.code, reason: CLOSE.goingAway.reason })
    client.destroy()
    observer.destroy()
    const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true })
    const rows = db.prepare('SELECT count(*) AS n FROM updates WHERE room = ?').get(list.listId) as { n: number }
    db.close()
    expect(rows.n).toBe(1)
    expect(relay.logs.some((line) => line.msg === 'relay.stopped')).toBe(true)
    expect(JSON.stringify(relay.logs)).not.toContain(list.secret)
  })
})
