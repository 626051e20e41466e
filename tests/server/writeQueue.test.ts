import { afterEach, describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import { DEFAULT_LIMITS } from '../../server/config.js'
import { createRelayMetrics } from '../../server/metrics.js'
import { CLOSE } from '../../src/protocol/closeCodes.js'
import { RelayConnection, type FrameSocket } from '../../server/relay/connection.js'
import { encodeSyncStep1, encodeUpdate } from '../../server/relay/protocol.js'
import { RoomRegistry } from '../../server/relay/rooms.js'
import { openMemoryStorage } from '../../server/storage/memoryStorage.js'
import type { RelayStorage } from '../../server/storage/storage.js'
import { successiveEdits } from '../helpers/relayFrames.js'

const ROOM = 'batch-room-000000000000'
// Batches bounded only by the event-loop turn, so the tests below do not depend on timing.
const limits = { ...DEFAULT_LIMITS, messagesPerSecond: 1e6, writeBatchMaxWaitMs: 60_000 }
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve))

/** Memory storage that counts batches and can be told to fail. */
function countingStorage() {
  const inner = openMemoryStorage()
  const state = { batches: [] as number[], failing: false }
  const storage: RelayStorage = {
    ...inner,
    appendUpdates(rows) {
      if (state.failing) throw new Error('disk full')
      state.batches.push(rows.length)
      inner.appendUpdates(rows)
    },
  }
  return { storage, state }
}

/** A peer whose socket records the frames it is sent and the code it is closed with. */
function peer(rooms: RoomRegistry, id: number, canWrite = true, peerLimits = limits) {
  const frames: Uint8Array[] = []
  const closes: number[] = []
  const socket: FrameSocket = { send: (frame) => void frames.push(frame), close: (code) => void closes.push(code) }
  const metrics = createRelayMetrics(false)
  const connection = new RelayConnection(id, socket, rooms.acquire(ROOM), canWrite, { limits: peerLimits, metrics, log: () => {} })
  connection.room.join(connection)
  const updates = () => frames.filter((f) => f[0] === 0 && f[1] === 2).length
  return { connection, frames, closes, updates }
}


let registries: RoomRegistry[] = []
afterEach(() => {
  for (const rooms of registries) rooms.unloadAll()
  registries = []
})

function registry(storage: RelayStorage, overrides: Partial<typeof limits> = {}): RoomRegistry {
  const rooms = new RoomRegistry({ storage, limits: { ...limits, ...overrides }, metrics: createRelayMetrics(false), log: () => {} })
  registries.push(rooms)
  return rooms
}

describe('appends of one event-loop turn', () => {
  test('are written in one batch and forwarded only after it is stored', async () => {
    const { storage, state } = countingStorage()
    const rooms = registry(storage)
    const writer = peer(rooms, 1)
    const watcher = peer(rooms, 2, false)
    for (const update of successiveEdits(5)) writer.connection.onMessage(encodeUpdate(update), true)
    expect(state.batches).toEqual([])
    expect(watcher.updates()).toBe(0)
    await nextTurn()
    expect(state.batches).toEqual([5])
    expect(watcher.updates()).toBe(5)
    expect(writer.updates()).toBe(0)
    expect(storage.loadUpdates(ROOM)).toHaveLength(5)
  })

  test('a sync reply first writes what is queued, so it never carries an unstored update', () => {
    const { storage, state } = countingStorage()
    const rooms = registry(storage)
    const writer = peer(rooms, 1)
    for (const update of successiveEdits(3)) writer.connection.onMessage(encodeUpdate(update), true)
    const joiner = peer(rooms, 2)
    joiner.connection.onMessage(encodeSyncStep1(new Uint8Array([0])), true)
    expect(state.batches).toEqual([3])
    expect(storage.loadUpdates(ROOM)).toHaveLength(3)
    const replica = new Y.Doc()
    for (const frame of joiner.frames.filter((f) => f[0] === 0 && f[1] === 1)) Y.applyUpdate(replica, frame.subarray(3))
    expect(replica.getMap('papers').size).toBe(3)
  })

  test('a failed batch forwards nothing, closes the room with 1013, and the room reloads from storage', async () => {
    const { storage, state } = countingStorage()
    const rooms = registry(storage)
    const writer = peer(rooms, 1)
    const watcher = peer(rooms, 2, false)
    const [first, second] = successiveEdits(2)
    writer.connection.onMessage(encodeUpdate(first!), true)
    await nextTurn()
    state.failing = true
    writer.connection.onMessage(encodeUpdate(second!), true)
    await nextTurn()
    expect(watcher.updates()).toBe(1)
    expect(writer.closes).toEqual([CLOSE.tryLater.code])
    expect(watcher.closes).toEqual([CLOSE.tryLater.code])
    expect(rooms.loaded).toBe(0)
    state.failing = false
    const again = peer(rooms, 3)
    expect(again.connection.room.size).toBe(first!.length)
    again.connection.onMessage(encodeUpdate(second!), true)
    await nextTurn()
    expect(storage.loadUpdates(ROOM)).toHaveLength(2)
  })
})

describe('a burst within one turn', () => {
  test('is written and forwarded in batches of at most writeBatchMaxUpdates, before the turn ends', () => {
    const { storage, state } = countingStorage()
    const rooms = registry(storage, { writeBatchMaxUpdates: 4 })
    const writer = peer(rooms, 1)
    const watcher = peer(rooms, 2, false)
    for (const update of successiveEdits(10)) writer.connection.onMessage(encodeUpdate(update), true)
    expect(state.batches).toEqual([4, 4])
    expect(watcher.updates()).toBe(8)
    rooms.flushWrites()
    expect(state.batches).toEqual([4, 4, 2])
    expect(watcher.updates()).toBe(10)
  })

  test('is written at once when its first update has waited writeBatchMaxWaitMs', () => {
    const { storage, state } = countingStorage()
    const rooms = registry(storage, { writeBatchMaxWaitMs: 5 })
    const writer = peer(rooms, 1)
    const watcher = peer(rooms, 2, false)
    const [first, second, third] = successiveEdits(3)
    writer.connection.onMessage(encodeUpdate(first!), true)
    expect(watcher.updates()).toBe(0)
    const until = performance.now() + 6
    while (performance.now() < until) {
      // the socket reads of a long turn
    }
    writer.connection.onMessage(encodeUpdate(second!), true)
    expect(state.batches).toEqual([2])
    expect(watcher.updates()).toBe(2)
    writer.connection.onMessage(encodeUpdate(third!), true)
    expect(watcher.updates()).toBe(2)
  })
})

