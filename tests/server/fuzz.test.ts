import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { expect, test } from 'vitest'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import { DEFAULT_LIMITS } from '../../server/config.js'
import { createRelayMetrics } from '../../server/metrics.js'
import { RelayConnection, type FrameSocket } from '../../server/relay/connection.js'
import { RoomRegistry } from '../../server/relay/rooms.js'
import { openMemoryStorage } from '../../server/storage/memoryStorage.js'
import { deepAwarenessFrame, parkedUpdate, stepOneFrame, updateFrame } from '../helpers/attacks.js'
import { reverseDependencyChain } from '../helpers/relayFrames.js'
import { createRng, type Rng } from '../helpers/testNetwork.js'

/** Frames per seed (two seeds: 10,000 in the normal run); raise with SHORTLIST_FUZZ_FRAMES for a longer soak. */
const FRAMES = Number(process.env.SHORTLIST_FUZZ_FRAMES ?? 5_000)
/** Seeds that once found a bug: it found delete-set ranges of length 0 that broke clients. */
const PINNED_SEEDS = [1802950523]

function syncFrame(syncType: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, 0)
  encoding.writeVarUint(encoder, syncType)
  encoding.writeVarUint8Array(encoder, payload)
  return encoding.toUint8Array(encoder)
}

/** Valid frames of every kind, from a real document being edited. */
function validFrames(rng: Rng): Uint8Array[] {
  const doc = new Y.Doc()
  const updates: Uint8Array[] = []
  doc.on('update', (update: Uint8Array) => updates.push(update))
  const papers = doc.getMap<Y.Map<unknown>>('papers')
  for (let i = 0; i < 12; i++) {
    const paper = new Y.Map<unknown>()
    papers.set(`p${rng.int(10)}`, paper)
    paper.set('title', `title ${i}`)
    if (rng.bool()) papers.delete(`p${rng.int(10)}`)
    doc.getText('note').insert(0, `n${i}`)
  }
  const awareness = new awarenessProtocol.Awareness(doc)
  awareness.setLocalState({ name: 'fuzz', color: '#123456' })
  const presence = awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID])
  awareness.destroy()
  const presenceEncoder = encoding.createEncoder()
  encoding.writeVarUint(presenceEncoder, 1)
  encoding.writeVarUint8Array(presenceEncoder, presence)
  return [
    syncFrame(0, Y.encodeStateVector(doc)),
    syncFrame(1, Y.encodeStateAsUpdate(doc)),
    ...updates.map((update) => syncFrame(2, update)),
    encoding.toUint8Array(presenceEncoder),
    new Uint8Array([3]),
  ]
}

function mutate(frame: Uint8Array, rng: Rng): Uint8Array {
  const bytes = Array.from(frame)
  const edits = 1 + rng.int(4)
  for (let i = 0; i < edits; i++) {
    const at = rng.int(bytes.length + 1)
    switch (rng.int(6)) {
      case 0:
        if (bytes.length) bytes[at % bytes.length] = bytes[at % bytes.length]! ^ (1 << rng.int(8))
        break
      case 1:
        bytes.splice(at, 0, rng.int(256))
        break
      case 2:
        bytes.splice(at, 1)
        break
      case 3:
        bytes.length = at
        break
      case 4:
        bytes.splice(at, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f)
        break
      default:
        if (bytes.length) bytes[at % bytes.length] = rng.pick([0, 1, 2, 3, 0x7f, 0x80, 0xff])
    }
  }
  return Uint8Array.from(bytes)
}

test.each([...PINNED_SEEDS, Math.floor(Math.random() * 2 ** 31)])(`%i: ${FRAMES} mutated frames never crash or hang the relay`, (seed) => {
  const rng = createRng(seed)
  const metrics = createRelayMetrics(false)
  const limits = { ...DEFAULT_LIMITS, messagesPerSecond: 1e9, awarenessPerSecond: 1e9 }
  const rooms = new RoomRegistry({ storage: openMemoryStorage(), limits, metrics, log: () => {} })
  const frames = validFrames(rng)
  let closes = 0
  const escaped: string[] = []
  let connection: RelayConnection | null = null
  const socket: FrameSocket = { send: () => {}, close: () => void (closes += 1) }
  // A client holding the room receives every forwarded update and must integrate each one.
  const replica = new Y.Doc()
  const replicaErrors: string[] = []
  let forwarded = 0
  const replicaSocket: FrameSocket = {
    send: (frame) => {
      if (frame[0] !== 0 || frame[1] !== 2) return
      forwarded += 1
      try {
        Y.applyUpdate(replica, decoding.readVarUint8Array(decoding.createDecoder(frame.subarray(2))))
      } catch (error) {
        replicaErrors.push(String(error))
      }
    },
    close: () => {},
  }
  const anchor = new RelayConnection(-1, replicaSocket, rooms.acquire('fuzz-room-0000000000000'), false, { limits, metrics, log: () => {} })
  anchor.room.join(anchor)
  const started = Date.now()
  for (let i = 0; i < FRAMES; i++) {
    if (!connection || connection.isClosed) {
      if (connection) rooms.leave(connection.room, connection)
      const room = rooms.acquire('fuzz-room-0000000000000')
      connection = new RelayConnection(i, socket, room, true, { limits, metrics, log: () => {} })
      room.join(connection)
    }
    const frame = rng.bool(0.1) ? rng.pick(frames) : mutate(rng.pick(frames), rng)
    try {
      connection.onMessage(frame, true)
    } catch (error) {
      escaped.push(`frame ${i}: ${String(error)}`)
    }
  }
  expect(escaped).toEqual([])
  rooms.flushWrites()
  const elapsed = Date.now() - started
  const room = connection!.room
  const stored = room.size > 0 ? (room as unknown as { doc: { merged(): Uint8Array } }).doc.merged() : new Uint8Array()
  const fresh = new Y.Doc()
  Y.applyUpdate(fresh, stored)
  expect(fresh.store.pendingStructs).toBeNull()
  expect(replicaErrors).toEqual([])
  expect(forwarded).toBeGreaterThan(0)
  expect(replica.store.pendingStructs).toBeNull()
  expect(Y.encodeStateVector(replica)).toEqual(Y.encodeStateVector(fresh))
  expect(closes).toBeGreaterThan(FRAMES / 10)
  expect(elapsed).toBeLessThan(20_000)
  rooms.leave(room, connection!)
  rooms.leave(room, anchor)
  expect(rooms.loaded).toBe(0)
  console.log(`fuzz seed ${seed}: ${FRAMES} frames in ${elapsed} ms, ${closes} closes`)
})

/** Longest any one hostile frame, or any one piece of a reply, may keep the relay busy here (generous for a busy machine). */
const HOSTILE_FRAME_BUDGET_MS = 250

test.each([...PINNED_SEEDS, Math.floor(Math.random() * 2 ** 31)])('%i: hostile shapes (client chains, deep presence, parked floods, a reader that never reads) mixed into fuzzed frames: bounded work, no crash', async (seed) => {
  const rng = createRng(seed)
  const metrics = createRelayMetrics(false)
  const limits = { ...DEFAULT_LIMITS, messagesPerSecond: 1e9, awarenessPerSecond: 1e9 }
  const rooms = new RoomRegistry({ storage: openMemoryStorage(), limits, metrics, log: () => {} })
  const ctx = { limits, metrics, log: () => {} }
  const valid = validFrames(rng)
  const hostile: Array<() => Uint8Array> = [
    () => updateFrame(reverseDependencyChain(1_000 + rng.int(7_000), { firstClient: 1_000_000 + rng.int(1e6) * 10_000 })),
    () => deepAwarenessFrame(rng.int(2 ** 30), 17 + rng.int(5_000)),
    () => updateFrame(parkedUpdate(5_000_000 + rng.int(1e6), 999_999_999)),
    () => stepOneFrame(),
  ]
  let slowest = 0
  const timed = (work: () => void) => {
    const started = performance.now()
    work()
    slowest = Math.max(slowest, performance.now() - started)
  }
  // Like a real socket: a send's callback runs later, from the event loop, and is timed as its own turn.
  const socket = (): FrameSocket => ({
    bufferedAmount: 0,
    send: (_frame, written) => void (written && setImmediate(() => timed(() => written()))),
    close: () => {},
  })
  // A reader that never reads: every send stays buffered, so flow control must stop the relay from queueing for it.
  let stuckBytes = 0
  const stuck: FrameSocket = {
    send: (frame) => void (stuckBytes += frame.length),
    close: () => {},
    get bufferedAmount() {
      return stuckBytes
    },
    pause: () => {},
    resume: () => {},
    terminate: () => {},
  }
  const reader = new RelayConnection(-2, stuck, rooms.acquire('fuzz-room-1111111111111'), false, ctx)
  reader.room.join(reader)
  let connection: RelayConnection | null = null
  const escaped: string[] = []
  for (let i = 0; i < 400; i++) {
    if (!connection || connection.isClosed) {
      if (connection) rooms.leave(connection.room, connection)
      const room = rooms.acquire('fuzz-room-1111111111111')
      connection = new RelayConnection(i, socket(), room, true, ctx)
      room.join(connection)
    }
    const frame = rng.bool(0.3) ? rng.pick(hostile)() : rng.bool(0.5) ? rng.pick(valid) : mutate(rng.pick(valid), rng)
    try {
      timed(() => connection!.onMessage(frame, true))
      if (rng.bool(0.05)) timed(() => reader.onMessage(stepOneFrame(), true))
    } catch (error) {
      escaped.push(`frame ${i}: ${String(error)}`)
    }
    await new Promise((resolve) => setImmediate(resolve))
  }
  rooms.flushWrites()
  expect(escaped).toEqual([])
  expect(slowest).toBeLessThan(HOSTILE_FRAME_BUDGET_MS)
  // what the relay handed the reader that never reads stays bounded by its flow control
  expect(stuckBytes).toBeLessThan(DEFAULT_LIMITS.maxFrameBytes * 8)
  console.log(`hostile fuzz seed ${seed}: slowest frame or reply piece ${slowest.toFixed(1)} ms, ${stuckBytes} bytes handed to a reader that never reads`)
})
