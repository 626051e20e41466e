/**
 * Attacks from issue 9 against a real relay process (`node build/server/main.js`): each test
 * reproduces the attack and asserts the relay stays alive, answers `/healthz` within 100 ms,
 * keeps its memory bounded, and keeps other rooms syncing.
 */
import Database from 'better-sqlite3'
import { connect as tcpConnect, type Socket } from 'node:net'
import { join } from 'node:path'
import { beforeAll, describe, test } from 'vitest'
import * as Y from 'yjs'
import { CLOSE } from '../../src/protocol/closeCodes.js'
import { DATABASE_FILE } from '../../server/storage/sqliteStorage.js'
import { awarenessFrame, stepOneFrame } from '../helpers/attacks.js'
import { nestedJson, peakWhile, rssBytes, timeHealthz } from '../helpers/relayAttack.js'
import { buildRelay, connectClient, newList, openRawSocket, protocolsFor, spawnRelay, tempDir, until, type OnFinished } from '../helpers/relayClient.js'

const papers = (doc: Y.Doc) => doc.getMap<string>('papers')
const MB = 1024 * 1024

beforeAll(() => {
  buildRelay()
}, 120_000)

/** Median of `/healthz` answer times over `count` calls. */
async function healthzMedian(url: string, count = 5): Promise<{ median: number; max: number; statuses: number[] }> {
  const times: number[] = []
  const statuses: number[] = []
  for (let i = 0; i < count; i++) {
    const { status, ms } = await timeHealthz(url)
    times.push(ms)
    statuses.push(status)
  }
  times.sort((a, b) => a - b)
  return { median: times[Math.floor(count / 2)]!, max: times[count - 1]!, statuses }
}

/** Two clients on a fresh list exchange an edit: the relay keeps serving other rooms. */
async function otherRoomSyncs(url: string, onFinished: OnFinished): Promise<void> {
  const list = await newList()
  const a = await connectClient(url, list.listId, list.secret, { onFinished })
  await a.whenSynced()
  const b = await connectClient(url, list.listId, list.secret, { onFinished })
  await b.whenSynced()
  papers(a.doc).set('alive', 'yes')
  await until(() => papers(b.doc).get('alive') === 'yes', 'edit reached the other client in another room')
}

// one at a time: each measures memory and answer times of its own relay
describe('attacks on a relay process', () => {
  test('a presence state nested 5,000 deep closes its sender with 4400; a new peer joins and the relay lives', { timeout: 60_000 }, async ({ expect, onTestFinished }) => {
    const relay = await spawnRelay({ SHORTLIST_DATA_DIR: tempDir('shortlist-attack-', onTestFinished) }, { onFinished: onTestFinished })
    const list = await newList()
    const owner = await connectClient(relay.url, list.listId, list.secret, { onFinished: onTestFinished })
    await owner.whenSynced()
    const readOnly = await protocolsFor(list.readOnly)
    const deep = awarenessFrame(424242, 1, nestedJson(5000))
    expect(deep.length).toBeGreaterThan(10_000)

    // One attacker stops reading after sending, so its closing handshake would linger.
    const lingering = openRawSocket(relay.url, list.listId, readOnly)
    await lingering.opened
    lingering.ws.send(deep)
    lingering.ws.pause()
    const seen = openRawSocket(relay.url, list.listId, readOnly)
    await seen.opened
    seen.ws.send(deep)
    expect(await seen.closed).toEqual({ code: CLOSE.badFrame.code, reason: CLOSE.badFrame.reason })

    const joiner = await connectClient(relay.url, list.listId, list.readOnly, { onFinished: onTestFinished })
    await joiner.whenSynced()
    papers(owner.doc).set('after', 'attack')
    await until(() => papers(joiner.doc).get('after') === 'attack', 'the new peer receives edits')
    const health = await healthzMedian(relay.url)
    console.log(`deep presence: /healthz median ${health.median.toFixed(1)} ms, max ${health.max.toFixed(1)} ms`)
    expect(health.statuses.every((s) => s === 200)).toBe(true)
    expect(health.median).toBeLessThan(100)
    expect(relay.child.exitCode).toBeNull()
    expect(relay.logs.some((line) => line.msg === 'relay.bad_frame')).toBe(true)
  })

  test('a read-only member of a 2 MB room sending 400 step 1s and not reading costs under 64 MB of RSS', { timeout: 90_000 }, async ({ expect, onTestFinished }) => {
    const relay = await spawnRelay({ SHORTLIST_DATA_DIR: tempDir('shortlist-attack-', onTestFinished) }, { onFinished: onTestFinished })
    const list = await newList()
    const owner = await connectClient(relay.url, list.listId, list.secret, { onFinished: onTestFinished })
    await owner.whenSynced()
    // 4 transactions of 100 × 5 KB values: a ~2 MB room, each update under the frame cap
    const value = 'x'.repeat(5000)
    for (let t = 0; t < 4; t++) owner.doc.transact(() => {
      for (let i = 0; i < 100; i++) papers(owner.doc).set(`p${t}-${i}`, `${i}${value}`)
    })
    const check = await connectClient(relay.url, list.listId, list.readOnly, { onFinished: onTestFinished })
    await until(() => papers(check.doc).size === 400, 'the room holds all 400 values', 30_000)
    check.destroy()

    const pid = relay.child.pid!
    const before = rssBytes(pid)
    const attacker = openRawSocket(relay.url, list.listId, await protocolsFor(list.readOnly))
    await attacker.opened
    attacker.ws.pause()
    const frame = stepOneFrame()
    for (let i = 0; i < 400; i++) attacker.ws.send(frame)
    const during = (async () => {
      await new Promise((resolve) => setTimeout(resolve, 1500))
      const health = await healthzMedian(relay.url)
      await otherRoomSyncs(relay.url, onTestFinished)
      await new Promise((resolve) => setTimeout(resolve, 1000))
      return health
    })()
    const peak = await peakWhile(() => rssBytes(pid), during)
    const health = await during
    const growth = (peak - before) / MB
    console.log(`400 step 1s: RSS ${(before / MB).toFixed(0)} -> peak ${(peak / MB).toFixed(0)} MB (+${growth.toFixed(1)} MB); /healthz median ${health.median.toFixed(1)} ms, max ${health.max.toFixed(1)} ms`)
    expect(growth).toBeLessThan(64)
    expect(health.statuses.every((s) => s === 200)).toBe(true)
    expect(health.median).toBeLessThan(100)
    expect(relay.child.exitCode).toBeNull()
  })

  test('400 slow HTTP sockets from one address leave the relay answering another address', { timeout: 60_000 }, async ({ expect, onTestFinished }) => {
    // 256 descriptors: without a per-address cap, 400 sockets would exhaust them
    const relay = await spawnRelay({ SHORTLIST_DATA_DIR: tempDir('shortlist-attack-', onTestFinished) }, { onFinished: onTestFinished, prlimit: ['--nofile=256'] })
    const { port } = new URL(relay.url)
    const sockets: Socket[] = []
    onTestFinished(() => {
      for (const socket of sockets) socket.destroy()
    })
    await Promise.all(
      Array.from(
        { length: 400 },
        () =>
          new Promise<void>((resolve) => {
            const socket = tcpConnect({ host: '127.0.0.1', port: Number(port) }, () => {
              socket.write('GET /healthz HTTP/1.1\r\nHost: relay\r\n') // headers never finished
              resolve()
            })
            socket.on('error', () => resolve())
            socket.on('close', () => resolve())
            sockets.push(socket)
          }),
      ),
    )
    const stillOpen = () => sockets.filter((s) => !s.destroyed).length
    await until(() => stillOpen() <= 128, 'the relay dropped the sockets over its per-address cap').catch(() => {})
    const open = stillOpen()
    const answer = await timeHealthz(relay.url, '127.0.0.2')
    console.log(`slow sockets: ${open} of 400 still open; /healthz from another address ${answer.ms.toFixed(1)} ms`)
    expect(open).toBeLessThanOrEqual(128)
    expect(answer.status).toBe(200)
    expect(answer.ms).toBeLessThan(100)
    expect(relay.child.exitCode).toBeNull()
  })

  test('after storage write failures (file size limit), /readyz says why and SIGTERM exits 0 with acknowledged edits kept', { timeout: 60_000 }, async ({ expect, onTestFinished }) => {
    const dataDir = tempDir('shortlist-attack-', onTestFinished)
    // files may not grow past 400 KB: as on a full disk, SQLite's writes fail with an error
    const relay = await spawnRelay({ SHORTLIST_DATA_DIR: dataDir }, { onFinished: onTestFinished, prlimit: ['--fsize=400000'] })
    const list = await newList()
    const writer = await connectClient(relay.url, list.listId, list.secret, { onFinished: onTestFinished })
    await writer.whenSynced()
    papers(writer.doc).set('kept', 'yes')
    const observer = await connectClient(relay.url, list.listId, list.readOnly, { onFinished: onTestFinished })
    await until(() => papers(observer.doc).get('kept') === 'yes', 'small edit acknowledged (forwarded)')
    expect((await fetch(`${relay.url}/readyz`)).status).toBe(200)

    const big = 'y'.repeat(5000)
    writer.doc.transact(() => {
      for (let i = 0; i < 200; i++) papers(writer.doc).set(`big${i}`, `${i}${big}`)
    })
    await until(() => relay.logs.some((line) => line.msg === 'relay.storage_write_failed'), 'a write failed', 20_000)
    const ready = await fetch(`${relay.url}/readyz`)
    expect(ready.status).toBe(503)
    expect(await ready.json()).toEqual({ status: 'unavailable', reason: 'storage-write-failed' })
    expect((await fetch(`${relay.url}/healthz`)).status).toBe(200)

    writer.destroy()
    observer.destroy()
    relay.child.kill('SIGTERM')
    expect(await relay.exited).toEqual({ code: 0, signal: null })
    expect(relay.logs.some((line) => line.msg === 'relay.stopped')).toBe(true)

    const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true })
    const rows = db.prepare('SELECT data FROM updates WHERE room = ?').all(list.listId) as Array<{ data: Buffer }>
    db.close()
    const stored = new Y.Doc()
    for (const row of rows) Y.applyUpdate(stored, new Uint8Array(row.data))
    expect(papers(stored).get('kept')).toBe('yes')
  })
})
