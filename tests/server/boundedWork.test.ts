/**
 * The relay's room code does bounded work per update, whatever the update's shape or the
 * room's size: the integration-order check is linear in the update, held updates are
 * re-checked only when what they wait for arrives, a delete-only update never merges the
 * room, and a sync reply comes in pieces of bounded size.
 */
import { describe, expect, test } from 'vitest'
import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'
import { DEFAULT_LIMITS } from '../../server/config.js'
import { createRelayMetrics } from '../../server/metrics.js'
import { HeldUpdates } from '../../server/relay/heldUpdates.js'
import type { Peer } from '../../server/relay/room.js'
import { RoomRegistry } from '../../server/relay/rooms.js'
import { ROW_BYTES, RoomDocument, TYPE_INDEX_CLOCK } from '../../server/relay/roomDocument.js'
import { MAX_CLIENTS_PER_UPDATE, MAX_STRUCTS_PER_UPDATE, withinBounds } from '../../server/relay/updateChecks.js'
import type { StructInfo } from '../../server/relay/yjsStructs.js'
import { openMemoryStorage } from '../../server/storage/memoryStorage.js'
import { openSqliteStorage } from '../../server/storage/sqliteStorage.js'
import type { RelayStorage } from '../../server/storage/storage.js'
import { tempDir } from '../helpers/relayClient.js'
import { encodeItems, reverseDependencyChain } from '../helpers/relayFrames.js'

function checkAndApply(room: RoomDocument, update: Uint8Array) {
  const check = room.check(update)
  if (check.kind === 'ready') room.apply(update, check.types, check.clocks, check.deletes)
  return check
}

describe('integration order', () => {
  test('an 8,000-client chain in reverse dependency order is ready, and a client integrates all of it', () => {
    const update = reverseDependencyChain(8000)
    expect(new RoomDocument([]).check(update).kind).toBe('ready')
    const client = new Y.Doc()
    Y.applyUpdate(client, update)
    expect(client.getArray('chain').length).toBe(8000)
    expect(client.store.pendingStructs).toBeNull()
  })

  test('the same chain closed into a cycle is malformed (a client would keep it pending forever)', () => {
    const update = reverseDependencyChain(8000, { closed: true })
    expect(new RoomDocument([]).check(update)).toEqual({ kind: 'malformed', reason: 'items refer to each other in a cycle' })
    const client = new Y.Doc()
    Y.applyUpdate(client, update)
    expect(client.store.pendingStructs).not.toBeNull()
  })

  test('an update declaring more client blocks than the bound is refused before it is decoded', () => {
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, MAX_CLIENTS_PER_UPDATE + 1)
    encoding.writeUint8Array(encoder, new Uint8Array(64)) // not a valid rest: decoding it would fail differently
    expect(new RoomDocument([]).check(encoding.toUint8Array(encoder))).toEqual({ kind: 'malformed', reason: 'update has too many clients' })
  })

  test('more structs than the bound is malformed', () => {
    const struct: StructInfo = { client: 1, clock: 0, length: 1, kind: 'item', origin: null, rightOrigin: null, parentId: null, isType: false }
    const structs = new Array<StructInfo>(MAX_STRUCTS_PER_UPDATE + 1).fill(struct)
    expect(withinBounds({ structs, deletes: [] })).toEqual({ kind: 'malformed', reason: 'update has too many structs' })
    expect(withinBounds({ structs: structs.slice(1), deletes: [] })).toBeNull()
  })
})

describe('held updates', () => {
  const bounds = { perPeerUpdates: 3, perPeerBytes: 1000, perRoomUpdates: 5 }
  const bytes = new Uint8Array(10)

  test('a clock moving returns only the updates that waited for it and that it now reaches', () => {
    const held = new HeldUpdates<string>(bounds)
    expect(held.hold('a', bytes, { client: 1, clock: 4 })).toBeNull()
    expect(held.hold('a', bytes, { client: 1, clock: 9 })).toBeNull()
    expect(held.hold('b', bytes, { client: 2, clock: 0 })).toBeNull()
    expect(held.takeSatisfied([2], () => 0)).toEqual([])
    expect(held.takeSatisfied([1], (client) => (client === 1 ? 5 : 0)).map((h) => h.missing.clock)).toEqual([4])
    expect(held.size).toBe(2)
    expect(held.takeSatisfied([1, 2], () => 10).map((h) => h.peer).sort()).toEqual(['a', 'b'])
    expect(held.size).toBe(0)
    expect(held.holds('a')).toBe(false)
  })

  test('count per peer, bytes per peer and count per room are bounded', () => {
    const held = new HeldUpdates<string>(bounds)
    for (let i = 0; i < 3; i++) expect(held.hold('a', bytes, { client: 1, clock: i })).toBeNull()
    expect(held.hold('a', bytes, { client: 1, clock: 9 })).toBe('peer-count')
    expect(held.hold('b', new Uint8Array(1001), { client: 1, clock: 9 })).toBe('peer-bytes')
    expect(held.hold('b', bytes, { client: 1, clock: 9 })).toBeNull()
    expect(held.hold('c', bytes, { client: 1, clock: 9 })).toBeNull()
    expect(held.hold('d', bytes, { client: 1, clock: 9 })).toBe('room-count')
    expect(held.largestHolder()).toEqual({ peer: 'a', count: 3 })
    held.drop('a')
    expect(held.size).toBe(2)
    expect(held.hold('d', bytes, { client: 1, clock: 9 })).toBeNull()
  })

  test("in a room whose quota is full, the peer holding the most is closed, not the newcomer", () => {
    const limits = { ...DEFAULT_LIMITS, maxHeldUpdatesPerConnection: 4, maxHeldUpdatesPerRoom: 6 }
    const rooms = new RoomRegistry({ storage: openMemoryStorage(), limits, metrics: createRelayMetrics(false), log: () => {} })
    const room = rooms.acquire('held-quota-room-0000000')
    const closed: number[] = []
    const peer = (id: number): Peer => ({ id, canWrite: true, send: () => {}, close: () => void closed.push(id) })
    const [flooder, other, honest] = [peer(1), peer(2), peer(3)]
    for (const p of [flooder, other, honest]) room.join(p)
    const waiting = (client: number) => encodeItems([new Y.Item(Y.createID(client, 1), null, null, null, null, 'papers' as never, 'k', new Y.ContentAny([1]))])
    for (let k = 0; k < 4; k++) room.write(flooder, waiting(100 + k))
    for (let k = 0; k < 2; k++) room.write(other, waiting(200 + k))
    expect(closed).toEqual([])
    room.write(honest, waiting(300))
    expect(closed).toEqual([1])
    rooms.unloadAll()
  })
})

/** A room of about `megabytes` MB, as updates of ~250 KB from one client. */
function roomOf(megabytes: number): { doc: Y.Doc; updates: Uint8Array[] } {
  const doc = new Y.Doc()
  const updates: Uint8Array[] = []
  doc.on('update', (update: Uint8Array) => updates.push(update))
  for (let u = 0; u < megabytes * 4; u++) {
    doc.transact(() => {
      for (let i = 0; i < 250; i++) doc.getMap('papers').set(`p${u}-${i}`, 'x'.repeat(1000))
    })
  }
  return { doc, updates }
}

describe('a room larger than one row', () => {
  test('settling merges only trailing rows, each merge and each row within ROW_BYTES', () => {
    const { updates } = roomOf(3)
    const room = new RoomDocument([])
    for (const update of updates) {
      expect(checkAndApply(room, update).kind).toBe('ready')
      room.settle()
    }
    expect(room.rowCount).toBeGreaterThanOrEqual(3)
    expect(room.rowCount).toBeLessThanOrEqual(Math.ceil((2 * room.size) / ROW_BYTES) + 1)
    const pieces = room.replyPieces(new Uint8Array([0]))
    expect(pieces.length).toBe(room.rowCount)
    for (const piece of pieces) expect(piece().length).toBeLessThanOrEqual(ROW_BYTES)
  })

  test('a delete-only update is appended as a row, not merged into the room; the same one again is redundant', () => {
    const { doc, updates } = roomOf(3)
    const room = new RoomDocument([])
    for (const update of updates) checkAndApply(room, update)
    room.settle()
    const rows = room.rowCount
    const before = Y.encodeStateVector(doc)
    doc.getMap('papers').delete('p0-0')
    const deletion = Y.encodeStateAsUpdate(doc, before)
    expect(Y.decodeUpdate(deletion).structs).toEqual([])
    expect(checkAndApply(room, deletion).kind).toBe('ready')
    expect(room.rowCount).toBe(rows + 1)
    expect(room.check(deletion).kind).toBe('redundant')
    room.settle()
    expect(room.rowCount).toBeLessThanOrEqual(rows)
  })

  test('a peer knowing one client gets the rest in pieces that add up to the room', () => {
    const { doc, updates } = roomOf(3)
    const room = new RoomDocument([])
    for (const update of updates) checkAndApply(room, update)
    room.settle()
    const other = new Y.Doc()
    other.getMap('own').set('mine', 1)
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other))
    checkAndApply(room, Y.encodeStateAsUpdate(other))
    const peer = new Y.Doc()
    Y.applyUpdate(peer, Y.encodeStateAsUpdate(other))
    const pieces = room.replyPieces(Y.encodeStateVector(peer))
    expect(pieces.length).toBeGreaterThan(2)
    for (const piece of pieces) Y.applyUpdate(peer, piece())
    expect(peer.getMap('papers').size).toBe(doc.getMap('papers').size)
    expect(Y.encodeStateVector(peer)).toEqual(Y.encodeStateVector(doc))
  })
})

describe("a large room's type index", () => {
  /** A room over ROW_BYTES whose first update holds a nested map, and a later write into that map. */
  function largeRoomWithNestedMap() {
    const doc = new Y.Doc()
    const updates: Uint8Array[] = []
    doc.on('update', (update: Uint8Array) => updates.push(update))
    const inner = new Y.Map<string>()
    doc.getMap('outer').set('inner', inner)
    const rows = [...updates, ...roomOf(2).updates]
    const before = Y.encodeStateVector(doc)
    inner.set('k', 'v')
    return { rows, write: Y.encodeStateAsUpdate(doc, before) }
  }

  test('is built a row per step; until then a write into a nested type waits, then it is ready', () => {
    const { rows, write } = largeRoomWithNestedMap()
    const room = new RoomDocument(rows)
    expect(room.size).toBeGreaterThan(ROW_BYTES)
    expect(room.check(write)).toEqual({ kind: 'waiting', missing: TYPE_INDEX_CLOCK })
    let steps = 1
    while (!room.buildTypeIndexStep()) steps += 1
    expect(steps).toBe(room.rowCount)
    expect(room.clockOf(TYPE_INDEX_CLOCK.client)).toBe(1)
    expect(room.check(write).kind).toBe('ready')
  })

  test('in a relay room, the waiting write is committed and forwarded once the index is complete', async () => {
    const { rows, write } = largeRoomWithNestedMap()
    const storage = openMemoryStorage()
    for (const row of rows) storage.appendUpdate('nested-large-room-00000', row)
    const rooms = new RoomRegistry({ storage, limits: DEFAULT_LIMITS, metrics: createRelayMetrics(false), log: () => {} })
    const room = rooms.acquire('nested-large-room-00000')
    const received: Uint8Array[] = []
    const closed: number[] = []
    const writer: Peer = { id: 1, canWrite: true, send: () => {}, close: (reason) => void closed.push(reason.code) }
    const reader: Peer = { id: 2, canWrite: false, send: (frame) => void received.push(frame), close: () => {} }
    room.join(writer)
    room.join(reader)
    room.write(writer, write)
    expect(received).toEqual([])
    for (let turn = 0; turn < 100 && received.length === 0; turn++) await new Promise((resolve) => setImmediate(resolve))
    expect(received.length).toBe(1)
    expect(closed).toEqual([])
    rooms.unloadAll()
  })
})

describe('compaction in a relay room', () => {
  const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve))

  test("a large room's stored rows stay within ROW_BYTES, and each compaction rewrites at most ROW_BYTES", async () => {
    const inner = openMemoryStorage()
    const rewritten: number[] = []
    const storage: RelayStorage = {
      ...inner,
      replaceLastUpdates(room, count, merged, stateVector) {
        rewritten.push(inner.loadUpdates(room).slice(-count).reduce((sum, row) => sum + row.length, 0))
        inner.replaceLastUpdates(room, count, merged, stateVector)
      },
      replaceUpdates(room, merged, stateVector) {
        rewritten.push(inner.loadUpdates(room).reduce((sum, row) => sum + row.length, 0))
        inner.replaceUpdates(room, merged, stateVector)
      },
    }
    const rooms = new RoomRegistry({ storage, limits: { ...DEFAULT_LIMITS, compactAfterRows: 4 }, metrics: createRelayMetrics(false), log: () => {} })
    const room = rooms.acquire('compaction-room-0000000')
    const writer: Peer = { id: 1, canWrite: true, send: () => {}, close: () => {} }
    room.join(writer)
    for (const update of roomOf(3).updates) {
      room.write(writer, update)
      await nextTurn()
    }
    room.compact(true)
    const stored = inner.loadStateVectorThrough('compaction-room-0000000')
    expect(stored?.rows).toBe(inner.loadUpdates('compaction-room-0000000').length)
    const reloaded = new RoomDocument(inner.loadUpdates('compaction-room-0000000'), stored!.stateVector, stored!.rows)
    expect(reloaded.stateVector()).toEqual(Y.encodeStateVectorFromUpdate(Y.mergeUpdates(inner.loadUpdates('compaction-room-0000000'))))
    expect(rewritten.length).toBeGreaterThan(2)
    for (const bytes of rewritten) expect(bytes).toBeLessThanOrEqual(ROW_BYTES)
    const rows = inner.loadUpdates('compaction-room-0000000')
    expect(rows.length).toBeGreaterThan(2)
    for (const row of rows) expect(row.length).toBeLessThanOrEqual(ROW_BYTES)
    rooms.unloadAll()
  })

  test('small rows left by a crash are merged when the room next unloads', () => {
    const storage = openMemoryStorage()
    const doc = new Y.Doc()
    doc.on('update', (update: Uint8Array) => storage.appendUpdate('crashed-room-00000000000', update))
    for (let i = 0; i < 50; i++) doc.getMap('papers').set(`p${i}`, i)
    expect(storage.loadUpdates('crashed-room-00000000000').length).toBe(50)
    const rooms = new RoomRegistry({ storage, limits: DEFAULT_LIMITS, metrics: createRelayMetrics(false), log: () => {} })
    const room = rooms.acquire('crashed-room-00000000000')
    const peer: Peer = { id: 1, canWrite: true, send: () => {}, close: () => {} }
    room.join(peer)
    rooms.leave(room, peer)
    expect(storage.loadUpdates('crashed-room-00000000000').length).toBe(1)
    expect(storage.loadCompactedStateVector('crashed-room-00000000000')).toEqual(Y.encodeStateVector(doc))
  })
})

describe('replacing the last rows in storage', () => {
  test.each(['memory', 'sqlite'])('%s: earlier rows and the first row\'s state vector stay', (kind) => {
    const storage = kind === 'memory' ? openMemoryStorage() : openSqliteStorage(tempDir())
    const row = (n: number) => new Uint8Array([n])
    storage.replaceUpdates('r', row(1), new Uint8Array([9]))
    storage.appendUpdates([{ room: 'r', update: row(2) }, { room: 'r', update: row(3) }, { room: 'other', update: row(7) }])
    storage.replaceLastUpdates('r', 2, row(4))
    expect(storage.loadUpdates('r')).toEqual([row(1), row(4)])
    expect(storage.loadUpdates('other')).toEqual([row(7)])
    expect(storage.loadCompactedStateVector('r')).toEqual(new Uint8Array([9]))
    expect(storage.loadStateVectorThrough('r')).toEqual({ rows: 1, stateVector: new Uint8Array([9]) })
    storage.appendUpdate('r', row(5))
    storage.replaceLastUpdates('r', 1, row(6), new Uint8Array([7]))
    expect(storage.loadUpdates('r')).toEqual([row(1), row(4), row(6)])
    expect(storage.loadStateVectorThrough('r')).toEqual({ rows: 3, stateVector: new Uint8Array([7]) })
    storage.appendUpdate('r', row(8))
    expect(storage.loadStateVectorThrough('r')).toEqual({ rows: 3, stateVector: new Uint8Array([7]) })
    storage.replaceLastUpdates('r', 2, row(9))
    expect(storage.loadStateVectorThrough('r')).toBeNull()
    storage.replaceLastUpdates('r', 3, row(5), new Uint8Array([8]))
    expect(storage.loadUpdates('r')).toEqual([row(5)])
    expect(storage.loadCompactedStateVector('r')).toEqual(new Uint8Array([8]))
    expect(storage.loadStateVectorThrough('r')).toEqual({ rows: 1, stateVector: new Uint8Array([8]) })
    storage.close()
  })
})
