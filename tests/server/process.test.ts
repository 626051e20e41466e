/**
 * The relay as a real child process (`node build/server/main.js`): SIGKILL right after
 * forwarding edits loses nothing, and SIGTERM closes sockets with "going away".
 */
import Database from 'better-sqlite3'
import { join } from 'node:path'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import { CLOSE } from '../../server/relay/closeCodes.js'
import { DATABASE_FILE } from '../../server/storage/sqliteStorage.js'
import { buildRelay, connectClient, newList, spawnRelay, tempDir, until, type RelayProcess, type TestClient } from '../helpers/relayClient.js'
import { createRng } from '../helpers/testNetwork.js'

const papers = (doc: Y.Doc) => doc.getMap<string>('papers')
const SEEDS = Array.from({ length: 20 }, (_, i) => i + 1)

beforeAll(() => {
  buildRelay()
}, 120_000)

// The SIGKILL seeds share one data folder and a chain of relays: the relay restarted after
// seed k's kill serves seed k + 1, so each seed costs one process start.
const chainDir = mkdtempSync(join(tmpdir(), 'shortlist-kill-'))
let chained: RelayProcess | null = null
afterAll(() => {
  chained?.child.kill('SIGKILL')
  rmSync(chainDir, { recursive: true, force: true })
})

describe('relay process', () => {
  test('prints one relay.listening JSON line with its URL', async () => {
    const relay = await spawnRelay({ SHORTLIST_DATA_DIR: tempDir() })
    expect(relay.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const health = await fetch(`${relay.url}/healthz`)
    expect(health.status).toBe(200)
  })

  test.each(SEEDS)('SIGKILL right after forwarding keeps every edit (seed %i)', async (seed) => {
    const rng = createRng(seed)
    const dataDir = chainDir
    const list = await newList()
    const first = chained ?? (await spawnRelay({ SHORTLIST_DATA_DIR: dataDir }, true))
    const clients: TestClient[] = []
    for (let i = 0; i < 3; i++) clients.push(await connectClient(first.url, list.listId, list.secret))
    await Promise.all(clients.map((c) => c.whenSynced()))
    const observer = await connectClient(first.url, list.listId, list.secret)
    await observer.whenSynced()
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
    await until(
      () => clients.every((c) => (Y.decodeStateVector(Y.encodeStateVector(observer.doc)).get(c.doc.clientID) ?? 0) >= (Y.decodeStateVector(Y.encodeStateVector(c.doc)).get(c.doc.clientID) ?? 0)),
      'observer received every edit',
    )
    first.child.kill('SIGKILL')
    await first.exited
    for (const client of [...clients, observer]) client.destroy()

    const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true })
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
    db.close()

    const second = await spawnRelay({ SHORTLIST_DATA_DIR: dataDir }, true)
    chained = second
    const fresh = await connectClient(second.url, list.listId, list.secret)
    await fresh.whenSynced()
    await until(() => papers(fresh.doc).size === expected.size, 'fresh client has every key')
    const union = new Y.Doc()
    for (const client of clients) Y.applyUpdate(union, Y.encodeStateAsUpdate(client.doc))
    expect(papers(fresh.doc).toJSON()).toEqual(papers(union).toJSON())
  })

  test('SIGTERM closes sockets with 1001, flushes, and exits 0', async () => {
    const dataDir = tempDir()
    const list = await newList()
    const relay = await spawnRelay({ SHORTLIST_DATA_DIR: dataDir })
    const client = await connectClient(relay.url, list.listId, list.secret)
    await client.whenSynced()
    papers(client.doc).set('kept', 'yes')
    const observer = await connectClient(relay.url, list.listId, list.secret)
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
