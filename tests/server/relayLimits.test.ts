/**
 * Relay-wide and per-connection limits against a real in-process relay: loaded rooms and
 * bytes, total stored bytes, new rooms per address, sockets per address, presence shape,
 * slow readers, readiness on storage failure, `/metrics` access, request timeouts, config.
 */
import { connect as tcpConnect } from 'node:net'
import { describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import { CLOSE } from '../../src/protocol/closeCodes.js'
import { configFromEnv, DEFAULT_LIMITS } from '../../server/config.js'
import { MAX_AWARENESS_DEPTH, MAX_AWARENESS_ENTRIES } from '../../server/relay/awarenessCheck.js'
import { openMemoryStorage } from '../../server/storage/memoryStorage.js'
import type { RelayStorage } from '../../server/storage/storage.js'
import { awarenessFrame, stepOneFrame } from '../helpers/attacks.js'
import { nestedJson } from '../helpers/relayAttack.js'
import { connectClient, newList, openRawSocket, protocolsFor, startTestRelay, until, type TestClient } from '../helpers/relayClient.js'
import type { Relay } from '../../server/server.js'
import * as encoding from 'lib0/encoding'

const papers = (doc: Y.Doc) => doc.getMap<string>('papers')

/** Connects a writer on a fresh list and waits until it synced (which claims the room). */
async function writerOnNewList(relay: Relay): Promise<{ client: TestClient; list: Awaited<ReturnType<typeof newList>> }> {
  const list = await newList()
  const client = await connectClient(relay.url, list.listId, list.secret)
  await client.whenSynced()
  return { client, list }
}

/** The first close a client saw. */
async function firstClose(client: TestClient): Promise<{ code: number; reason: string }> {
  await until(() => client.closes.length > 0, 'the client was closed')
  return client.closes[0]!
}

/** How many sockets the relay closed with `reason`. */
async function closedWith(relay: Relay, reason: string): Promise<number> {
  const { values } = await relay.metrics.closes.get()
  return values.find((v) => v.labels.reason === reason)?.value ?? 0
}

describe('relay-wide caps', () => {
  test('a connection that would load one room past maxLoadedRooms closes with 4503; loaded rooms keep syncing', async () => {
    const relay = await startTestRelay({ limits: { maxLoadedRooms: 2 } })
    const a = await writerOnNewList(relay)
    await writerOnNewList(relay)
    const list = await newList()
    const third = await connectClient(relay.url, list.listId, list.secret)
    expect(await firstClose(third)).toEqual({ code: CLOSE.relayBusy.code, reason: CLOSE.relayBusy.reason })
    const reader = await connectClient(relay.url, a.list.listId, a.list.readOnly)
    papers(a.client.doc).set('still', 'syncing')
    await until(() => papers(reader.doc).get('still') === 'syncing', 'loaded room keeps syncing')
  })

  test('past maxLoadedBytes of rooms in memory no further room loads (4503)', async () => {
    const relay = await startTestRelay({ limits: { maxLoadedBytes: 10_000 } })
    const a = await writerOnNewList(relay)
    papers(a.client.doc).set('big', 'z'.repeat(20_000))
    const reader = await connectClient(relay.url, a.list.listId, a.list.readOnly)
    await until(() => papers(reader.doc).has('big'), 'stored')
    const list = await newList()
    const other = await connectClient(relay.url, list.listId, list.secret)
    expect(await firstClose(other)).toEqual({ code: CLOSE.relayBusy.code, reason: CLOSE.relayBusy.reason })
  })

  test('past maxStoredBytes a write closes its writer with 4507 and is not stored, and new rooms are refused with 4507', async () => {
    const relay = await startTestRelay({ limits: { maxStoredBytes: 100_000, maxFrameBytes: 64 * 1024 } })
    const a = await writerOnNewList(relay)
    const reader = await connectClient(relay.url, a.list.listId, a.list.readOnly)
    for (let i = 0; i < 3; i++) papers(a.client.doc).set(`k${i}`, 'v'.repeat(20_000))
    await until(() => papers(reader.doc).size === 3, 'three writes stored')
    // 60 KB stored, 40 KB left: less than a frame, so no new room
    const list = await newList()
    const newcomer = await connectClient(relay.url, list.listId, list.secret)
    expect(await firstClose(newcomer)).toEqual({ code: CLOSE.storageFull.code, reason: CLOSE.storageFull.reason })
    papers(a.client.doc).set('over', 'w'.repeat(50_000))
    expect(await firstClose(a.client)).toEqual({ code: CLOSE.storageFull.code, reason: CLOSE.storageFull.reason })
    const fresh = await connectClient(relay.url, a.list.listId, a.list.readOnly)
    await fresh.whenSynced()
    expect(papers(fresh.doc).size).toBe(3)
    expect(papers(fresh.doc).has('over')).toBe(false)
  })

  test('an address creating more than newRoomsPerHourPerAddress rooms gets 4530; its existing rooms still open', async () => {
    const relay = await startTestRelay({ limits: { newRoomsPerHourPerAddress: 2 } })
    const first = await writerOnNewList(relay)
    await writerOnNewList(relay)
    const list = await newList()
    const third = await connectClient(relay.url, list.listId, list.secret)
    expect(await firstClose(third)).toEqual({ code: CLOSE.tooManyNewRooms.code, reason: CLOSE.tooManyNewRooms.reason })
    const again = await connectClient(relay.url, first.list.listId, first.list.secret)
    await again.whenSynced()
  })

  test('websockets past maxConnectionsPerAddress get HTTP 429 before opening', async () => {
    const relay = await startTestRelay({ limits: { maxConnectionsPerAddress: 3 } })
    const list = await newList()
    const protocols = await protocolsFor(list.secret)
    const open = [0, 1, 2].map(() => openRawSocket(relay.url, list.listId, protocols))
    await Promise.all(open.map((s) => s.opened))
    const extra = openRawSocket(relay.url, list.listId, protocols)
    await expect(extra.opened).rejects.toThrow('HTTP 429')
  })
})

describe('presence bounds', () => {
  test(`a state nested ${MAX_AWARENESS_DEPTH} deep is relayed; one level more closes its sender with 4400`, async () => {
    const relay = await startTestRelay()
    const { list } = await writerOnNewList(relay)
    const protocols = await protocolsFor(list.readOnly)
    const watcher = openRawSocket(relay.url, list.listId, protocols)
    await watcher.opened
    const sender = openRawSocket(relay.url, list.listId, protocols)
    await sender.opened
    sender.ws.send(awarenessFrame(77, 1, nestedJson(MAX_AWARENESS_DEPTH)))
    await until(() => watcher.received.some((frame) => frame[0] === 1), 'the bounded state reached the other peer')
    sender.ws.send(awarenessFrame(77, 2, nestedJson(MAX_AWARENESS_DEPTH + 1)))
    expect(await sender.closed).toEqual({ code: CLOSE.badFrame.code, reason: CLOSE.badFrame.reason })
  })

  test(`an awareness message with more than ${MAX_AWARENESS_ENTRIES} entries closes its sender with 4400`, async () => {
    const relay = await startTestRelay()
    const { list } = await writerOnNewList(relay)
    const sender = openRawSocket(relay.url, list.listId, await protocolsFor(list.readOnly))
    await sender.opened
    const update = encoding.createEncoder()
    encoding.writeVarUint(update, MAX_AWARENESS_ENTRIES + 1)
    for (let i = 0; i <= MAX_AWARENESS_ENTRIES; i++) {
      encoding.writeVarUint(update, 1000 + i)
      encoding.writeVarUint(update, 1)
      encoding.writeVarString(update, '{}')
    }
    const frame = encoding.createEncoder()
    encoding.writeVarUint(frame, 1)
    encoding.writeVarUint8Array(frame, encoding.toUint8Array(update))
    sender.ws.send(encoding.toUint8Array(frame))
    expect(await sender.closed).toEqual({ code: CLOSE.badFrame.code, reason: CLOSE.badFrame.reason })
  })
})

describe('flow control', () => {
  test('a peer that stops reading while updates are forwarded to it is closed as a slow reader (4508)', async () => {
    // 20 MB forwarded: the kernel holds about 4 MB for a peer that does not read, the rest stays
    // in the relay; a reading peer on a busy machine stays far below 4 MiB behind
    const relay = await startTestRelay({ limits: { sendBufferSoftBytes: 1024 * 1024, sendBufferHardBytes: 4 * 1024 * 1024 } })
    const { client, list } = await writerOnNewList(relay)
    const slow = openRawSocket(relay.url, list.listId, await protocolsFor(list.readOnly))
    await slow.opened
    slow.ws.pause()
    const reader = await connectClient(relay.url, list.listId, list.readOnly)
    await reader.whenSynced()
    // 1 MB at a time, each waiting for the reading peer: only the peer that stops reading falls behind
    for (let i = 0; i < 200; i++) {
      papers(client.doc).set(`p${i}`, `${i}`.padEnd(100_000, '.'))
      if (i % 10 === 9) await until(() => papers(reader.doc).size === i + 1, 'the reading peer keeps up', 30_000)
    }
    // the paused client cannot see its own close; the relay's count says it dropped it
    expect(await closedWith(relay, CLOSE.slowReader.reason)).toBe(1)
  })

  test('step 1s sent in a burst are answered once; the rest collapse into one kept step 1, answered when the byte budget allows', async () => {
    // a 400 KB room and a budget of 50 KB/s (burst 200 KB): the first reply leaves 200 KB of debt, about 4 s
    const relay = await startTestRelay({ limits: { syncBytesPerSecond: 50_000 } })
    const { client, list } = await writerOnNewList(relay)
    for (let i = 0; i < 4; i++) papers(client.doc).set(`c${i}`, 'c'.repeat(100_000))
    const reader = await connectClient(relay.url, list.listId, list.readOnly)
    await until(() => papers(reader.doc).size === 4, 'stored')
    const asker = openRawSocket(relay.url, list.listId, await protocolsFor(list.readOnly))
    await asker.opened
    for (let i = 0; i < 50; i++) asker.ws.send(stepOneFrame())
    const replies = () => asker.received.filter((frame) => frame[0] === 0 && frame[1] === 1).length
    await new Promise((resolve) => setTimeout(resolve, 1000))
    expect(replies()).toBe(1)
    await until(() => replies() === 2, 'the kept step 1 is answered once the budget is repaid', 10_000)
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(replies()).toBe(2)
  })
})

/** Memory storage whose writes throw while `failing` is set (a full disk cannot be made in a test). */
function failingStorage(): { storage: RelayStorage; setFailing(on: boolean): void } {
  const base = openMemoryStorage()
  let failing = false
  const guard = () => {
    if (failing) throw new Error('SQLITE_FULL: database or disk is full')
  }
  return {
    setFailing: (on) => void (failing = on),
    storage: {
      ...base,
      appendUpdate: (room, update) => (guard(), base.appendUpdate(room, update)),
      appendUpdates: (batch) => (guard(), base.appendUpdates(batch)),
      replaceUpdates: (room, merged, stateVector) => (guard(), base.replaceUpdates(room, merged, stateVector)),
    },
  }
}

describe('readiness', () => {
  test('/readyz answers 503 with the reason while storage writes fail, and 200 once a write succeeds again', async () => {
    const { storage, setFailing } = failingStorage()
    const relay = await startTestRelay({ storage })
    const { client, list } = await writerOnNewList(relay)
    expect((await fetch(`${relay.url}/readyz`)).status).toBe(200)
    setFailing(true)
    papers(client.doc).set('lost', 'for now')
    await until(() => client.closes.some((c) => c.code === CLOSE.tryLater.code), 'writer told to try later')
    const down = await fetch(`${relay.url}/readyz`)
    expect(down.status).toBe(503)
    expect(await down.json()).toEqual({ status: 'unavailable', reason: 'storage-write-failed' })
    setFailing(false)
    const reader = await connectClient(relay.url, list.listId, list.readOnly)
    await until(() => papers(reader.doc).get('lost') === 'for now', 'the reconnecting writer stored its edit', 20_000)
    expect((await fetch(`${relay.url}/readyz`)).status).toBe(200)
  })
})

describe('/metrics access', () => {
  test('without a token only loopback clients get it (a forwarded address counts behind a proxy)', async () => {
    const relay = await startTestRelay({ trustProxy: true })
    expect((await fetch(`${relay.url}/metrics`)).status).toBe(200)
    expect((await fetch(`${relay.url}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.9' } })).status).toBe(404)
  })

  test('with a token, only the right Bearer token gets it, from any address', async () => {
    const token = 'metrics-token-0123456789'
    const relay = await startTestRelay({ metricsToken: token })
    expect((await fetch(`${relay.url}/metrics`)).status).toBe(404)
    expect((await fetch(`${relay.url}/metrics`, { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(404)
    const ok = await fetch(`${relay.url}/metrics`, { headers: { authorization: `Bearer ${token}` } })
    expect(ok.status).toBe(200)
    expect(await ok.text()).toContain('shortlist_stored_bytes')
  })
})

describe('HTTP timeouts', () => {
  test('a request whose headers never finish is closed after headersTimeoutMs', async () => {
    const relay = await startTestRelay({ limits: { headersTimeoutMs: 1000, requestTimeoutMs: 2000 } })
    const socket = tcpConnect({ host: '127.0.0.1', port: relay.port })
    socket.on('error', () => {})
    socket.write('GET /healthz HTTP/1.1\r\nHost: relay\r\n')
    const closed = await new Promise<boolean>((resolve) => {
      socket.once('close', () => resolve(true))
      setTimeout(() => resolve(false), 6000)
    })
    socket.destroy()
    expect(closed).toBe(true)
  })
})

describe('configFromEnv', () => {
  test('an empty SHORTLIST_STATIC_DIR disables static serving; unset serves dist', () => {
    expect(configFromEnv({ SHORTLIST_STATIC_DIR: '' }).staticDir).toBeNull()
    expect(configFromEnv({}).staticDir).toBe('dist')
  })

  test('reads every limit, the metrics token, the log level and the lookup contact', () => {
    const config = configFromEnv({
      SHORTLIST_MAX_LOADED_ROOMS: '7',
      SHORTLIST_MAX_LOADED_BYTES: '2048',
      SHORTLIST_MAX_STORED_BYTES: '4096',
      SHORTLIST_NEW_ROOMS_PER_HOUR: '3',
      SHORTLIST_MAX_SOCKETS_PER_ADDRESS: '9',
      SHORTLIST_SEND_BUFFER_SOFT_BYTES: '2048',
      SHORTLIST_SEND_BUFFER_HARD_BYTES: '8192',
      SHORTLIST_SYNC_BYTES_PER_SECOND: '4096',
      SHORTLIST_METRICS_TOKEN: 'a-long-enough-token',
      SHORTLIST_LOG_LEVEL: 'debug',
      SHORTLIST_LOOKUP_MAILTO: 'ops@example.org',
    })
    expect(config.limits).toMatchObject({
      maxLoadedRooms: 7,
      maxLoadedBytes: 2048,
      maxStoredBytes: 4096,
      newRoomsPerHourPerAddress: 3,
      maxSocketsPerAddress: 9,
      sendBufferSoftBytes: 2048,
      sendBufferHardBytes: 8192,
      syncBytesPerSecond: 4096,
    })
    expect(config.limits.maxFrameBytes).toBe(DEFAULT_LIMITS.maxFrameBytes)
    expect(config).toMatchObject({ metricsToken: 'a-long-enough-token', logLevel: 'debug', lookupMailto: 'ops@example.org' })
    expect(() => configFromEnv({ SHORTLIST_MAX_LOADED_ROOMS: '0' })).toThrow('SHORTLIST_MAX_LOADED_ROOMS')
    expect(() => configFromEnv({ SHORTLIST_METRICS_TOKEN: 'short' })).toThrow('SHORTLIST_METRICS_TOKEN')
  })
})
