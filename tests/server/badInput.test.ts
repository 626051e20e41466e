import Database from 'better-sqlite3'
import * as encoding from 'lib0/encoding'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import { CLOSE } from '../../src/protocol/closeCodes.js'
import { DATABASE_FILE } from '../../server/storage/sqliteStorage.js'
import { connectClient, newList, openRawSocket, protocolsFor, startTestRelay, tempDir, until, type RawSocket } from '../helpers/relayClient.js'
import { updateWithForwardParent, updateWithParentCycle, updateWithStringParent } from '../helpers/relayFrames.js'

const papers = (doc: Y.Doc) => doc.getMap<string>('papers')

function syncFrame(syncType: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, 0)
  encoding.writeVarUint(encoder, syncType)
  encoding.writeVarUint8Array(encoder, payload)
  return encoding.toUint8Array(encoder)
}

function awarenessFrame(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, 1)
  encoding.writeVarUint8Array(encoder, update)
  return encoding.toUint8Array(encoder)
}

/** An update whose item's origin the relay never received. */
function updateWithMissingDependency(): Uint8Array {
  const doc = new Y.Doc()
  const text = doc.getText('t')
  text.insert(0, 'never sent')
  const before = Y.encodeStateVector(doc)
  text.insert(10, '!')
  return Y.encodeStateAsUpdate(doc, before)
}

/** A frame, or a function making one from the room's content as a client there sees it. */
type CorpusFrame = Uint8Array | string | ((room: Y.Doc) => Uint8Array)

const CORPUS: Array<{ name: string; frame: CorpusFrame; code: number }> = [
  { name: 'empty frame', frame: new Uint8Array(), code: CLOSE.badFrame.code },
  { name: 'text frame', frame: 'hello', code: CLOSE.badFrame.code },
  { name: 'huge varint', frame: new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]), code: CLOSE.badFrame.code },
  { name: 'truncated sync step 2', frame: new Uint8Array([0, 1, 100, 1, 2, 3]), code: CLOSE.badFrame.code },
  { name: 'unknown message type', frame: new Uint8Array([9, 0]), code: CLOSE.badFrame.code },
  { name: 'auth message from a client', frame: new Uint8Array([2, 0, 0]), code: CLOSE.badFrame.code },
  { name: 'unknown sync message type', frame: new Uint8Array([0, 7, 0]), code: CLOSE.badFrame.code },
  { name: 'garbage update bytes', frame: syncFrame(2, new Uint8Array([5, 0xff, 0xff, 0x03, 0x99, 0x42, 0x01])), code: CLOSE.badFrame.code },
  { name: 'trailing bytes after a message', frame: new Uint8Array([3, 0, 0]), code: CLOSE.badFrame.code },
  { name: 'awareness with invalid JSON', frame: awarenessFrame(new Uint8Array([1, 5, 1, 3, 0x7b, 0x7b, 0x7b])), code: CLOSE.badFrame.code },
  { name: 'update whose dependencies never arrive', frame: syncFrame(2, updateWithMissingDependency()), code: CLOSE.missingDeps.code },
  {
    name: 'update naming an existing string item as a parent',
    frame: (room) => syncFrame(2, updateWithStringParent(Y.createID(room.clientID, 0))),
    code: CLOSE.badFrame.code,
  },
  { name: "update naming its own client's later item as a parent", frame: (room) => syncFrame(2, updateWithForwardParent(room)), code: CLOSE.badFrame.code },
  { name: 'update whose items name each other as parents', frame: syncFrame(2, updateWithParentCycle()), code: CLOSE.badFrame.code },
]

function storedRows(dataDir: string, room: string): number {
  const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true })
  try {
    return (db.prepare('SELECT count(*) AS n FROM updates WHERE room = ?').get(room) as { n: number }).n
  } finally {
    db.close()
  }
}

describe('malformed frames close only their sender', () => {
  test.each(CORPUS)('$name', async ({ frame, code }) => {
    const dataDir = tempDir()
    const relay = await startTestRelay({ dataDir, limits: { missingDepsTimeoutMs: 300 } })
    const list = await newList()
    const other = await newList()
    const good = await connectClient(relay.url, list.listId, list.secret)
    const elsewhere = await connectClient(relay.url, other.listId, other.secret)
    await Promise.all([good.whenSynced(), elsewhere.whenSynced()])
    papers(good.doc).set('before', '1')
    const watcher = await connectClient(relay.url, list.listId, list.secret)
    await until(() => papers(watcher.doc).get('before') === '1', 'watcher synced')
    const rowsBefore = storedRows(dataDir, list.listId)

    const bad = openRawSocket(relay.url, list.listId, await protocolsFor(list.secret))
    await bad.opened
    const started = Date.now()
    const bytes = typeof frame === 'function' ? frame(good.doc) : frame
    bad.ws.send(bytes, { binary: typeof bytes !== 'string' })
    expect(await bad.closed).toMatchObject({ code })
    expect(Date.now() - started).toBeLessThan(2_000)

    expect(storedRows(dataDir, list.listId)).toBe(rowsBefore)
    papers(good.doc).set('after', '2')
    papers(elsewhere.doc).set('other room', '3')
    await until(() => papers(watcher.doc).get('after') === '2', 'the room keeps syncing')
    const otherWatcher = await connectClient(relay.url, other.listId, other.secret)
    await until(() => papers(otherWatcher.doc).get('other room') === '3', 'other rooms keep syncing')
    expect(good.closes).toEqual([])
    expect(watcher.closes).toEqual([])
  })

  test('a frame over the size cap closes with 1009', async () => {
    const relay = await startTestRelay({ limits: { maxFrameBytes: 4096 } })
    const list = await newList()
    const good = await connectClient(relay.url, list.listId, list.secret)
    await good.whenSynced()
    const bad = openRawSocket(relay.url, list.listId, await protocolsFor(list.secret))
    await bad.opened
    bad.ws.send(new Uint8Array(10_000))
    expect((await bad.closed).code).toBe(CLOSE.tooBig.code)
    expect(good.closes).toEqual([])
  })

  test('an update with missing dependencies is accepted once they arrive', async () => {
    const relay = await startTestRelay()
    const list = await newList()
    const raw = openRawSocket(relay.url, list.listId, await protocolsFor(list.secret))
    await raw.opened
    const source = new Y.Doc()
    source.getText('t').insert(0, 'base')
    const base = Y.encodeStateAsUpdate(source)
    const sv = Y.encodeStateVector(source)
    source.getText('t').insert(4, ' more')
    const dependent = Y.encodeStateAsUpdate(source, sv)
    raw.ws.send(syncFrame(2, dependent))
    raw.ws.send(syncFrame(2, base))
    const reader = await connectClient(relay.url, list.listId, list.secret)
    await until(() => reader.doc.getText('t').toString() === 'base more', 'both parts arrived in order')
  })
})

describe('limits', () => {
  test('a room past its size cap refuses writes and keeps its stored state', async () => {
    const dataDir = tempDir()
    const relay = await startTestRelay({ dataDir, limits: { maxRoomBytes: 2_000 } })
    const list = await newList()
    const writer = await connectClient(relay.url, list.listId, list.secret)
    await writer.whenSynced()
    papers(writer.doc).set('small', 'fits')
    const watcher = await connectClient(relay.url, list.listId, list.secret)
    await until(() => papers(watcher.doc).get('small') === 'fits', 'small edit stored')
    const rowsBefore = storedRows(dataDir, list.listId)
    papers(writer.doc).set('big', 'x'.repeat(5_000))
    await until(() => writer.closes.length > 0, 'writer closed')
    expect(writer.closes[0]).toEqual({ code: CLOSE.roomFull.code, reason: CLOSE.roomFull.reason })
    expect(storedRows(dataDir, list.listId)).toBe(rowsBefore)
    expect(papers(watcher.doc).has('big')).toBe(false)
  })

  test('awareness entries for client ids another connection owns are ignored', async () => {
    const relay = await startTestRelay()
    const list = await newList()
    const alice = await connectClient(relay.url, list.listId, list.secret)
    const observer = await connectClient(relay.url, list.listId, list.secret)
    await Promise.all([alice.whenSynced(), observer.whenSynced()])
    alice.provider.awareness.setLocalState({ name: 'Alice' })
    const aliceId = alice.doc.clientID
    await until(() => (observer.provider.awareness.getStates().get(aliceId) as { name?: string } | undefined)?.name === 'Alice', 'observer sees Alice')

    const spoofer = openRawSocket(relay.url, list.listId, await protocolsFor(list.secret))
    await spoofer.opened
    const fake = new awarenessProtocol.Awareness(new Y.Doc())
    fake.clientID = aliceId
    fake.setLocalState({ name: 'Mallory' })
    // Bump the clock well past Alice's so only ownership can stop it.
    for (let i = 0; i < 5; i++) fake.setLocalState({ name: 'Mallory' })
    spoofer.ws.send(awarenessFrame(awarenessProtocol.encodeAwarenessUpdate(fake, [aliceId])))
    const spooferOwn = new awarenessProtocol.Awareness(new Y.Doc())
    spooferOwn.setLocalState({ name: 'Spoofer' })
    spoofer.ws.send(awarenessFrame(awarenessProtocol.encodeAwarenessUpdate(spooferOwn, [spooferOwn.clientID])))
    await until(() => observer.provider.awareness.getStates().has(spooferOwn.clientID), "spoofer's own presence arrives")
    expect((observer.provider.awareness.getStates().get(aliceId) as { name?: string }).name).toBe('Alice')
    fake.destroy()
    spooferOwn.destroy()
  })

  test('awareness beyond the rate cap is dropped', async () => {
    const relay = await startTestRelay({ limits: { awarenessPerSecond: 5 } })
    const list = await newList()
    const observer = await connectClient(relay.url, list.listId, list.secret)
    await observer.whenSynced()
    let seen = 0
    observer.provider.awareness.on('update', ({ updated, added }: { updated: number[]; added: number[] }) => {
      seen += updated.length + added.length
    })
    const flooder = openRawSocket(relay.url, list.listId, await protocolsFor(list.secret))
    await flooder.opened
    const presence = new awarenessProtocol.Awareness(new Y.Doc())
    for (let i = 0; i < 100; i++) {
      presence.setLocalState({ n: i })
      flooder.ws.send(awarenessFrame(awarenessProtocol.encodeAwarenessUpdate(presence, [presence.clientID])))
    }
    await until(() => seen > 0, 'some presence arrives')
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(seen).toBeLessThanOrEqual(12)
    presence.destroy()
  })

  test('connections per address are capped', async () => {
    const relay = await startTestRelay({ limits: { maxConnectionsPerAddress: 3 } })
    const list = await newList()
    const protocols = await protocolsFor(list.secret)
    const open: RawSocket[] = []
    for (let i = 0; i < 3; i++) {
      const socket = openRawSocket(relay.url, list.listId, protocols)
      await socket.opened
      open.push(socket)
    }
    const fourth = openRawSocket(relay.url, list.listId, protocols)
    await expect(fourth.opened).rejects.toThrow(/429/)
    open[0]!.ws.close()
    await open[0]!.closed
    await new Promise((resolve) => setTimeout(resolve, 50))
    const again = openRawSocket(relay.url, list.listId, protocols)
    await again.opened
  })

  test('handshakes per address are capped', async () => {
    const relay = await startTestRelay({ limits: { handshakesPerMinutePerAddress: 6 } })
    const list = await newList()
    const protocols = await protocolsFor(list.secret)
    const outcomes: string[] = []
    for (let i = 0; i < 5; i++) {
      const socket = openRawSocket(relay.url, list.listId, protocols)
      outcomes.push(await socket.opened.then(() => 'open', (error: Error) => error.message))
      socket.ws.close()
      await socket.closed
    }
    expect(outcomes.slice(0, 3)).toEqual(['open', 'open', 'open'])
    expect(outcomes.slice(3)).toEqual(['HTTP 429', 'HTTP 429'])
  })

  test('a client reconnecting in a loop causes no storage write per connect', async () => {
    const relay = await startTestRelay({ dataDir: tempDir() })
    const list = await newList()
    const doc = new Y.Doc()
    const writer = await connectClient(relay.url, list.listId, list.secret, { doc })
    await writer.whenSynced()
    papers(doc).set('a', '1')
    papers(doc).delete('a')
    papers(doc).set('b', '2')
    await until(() => writer.provider.synced, 'synced')
    const watcher = await connectClient(relay.url, list.listId, list.secret)
    await until(() => papers(watcher.doc).get('b') === '2', 'edits stored')
    const writes = async () => (await relay.metrics.storageWriteSeconds.get()).values.find((v) => v.metricName?.endsWith('_count'))?.value ?? 0
    const before = await writes()
    for (let i = 0; i < 10; i++) {
      writer.provider.disconnect()
      writer.provider.connect()
      await writer.whenSynced()
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    expect(await writes()).toBe(before)
  })
})
