/**
 * The write path on the shared PostgreSQL store: the relay does not wait for a commit in its
 * event loop; appends arriving while a batch commits go together in the next one (group
 * commit); nothing is forwarded before it is committed, and a sync reply waits for what is in
 * flight. Also the Redis batch format: the messages of one turn in one `PUBLISH`.
 */
import * as Y from 'yjs'
import { afterEach, expect, test } from 'vitest'
import { DEFAULT_LIMITS } from '../../server/config.js'
import { createRelayMetrics } from '../../server/metrics.js'
import { decodeClusterMessages, encodeClusterBatch, encodeClusterMessage, type ClusterMessage } from '../../server/cluster/messages.js'
import { RelayConnection, type FrameSocket } from '../../server/relay/connection.js'
import { encodeSyncStep1, encodeUpdate } from '../../server/relay/protocol.js'
import { RoomRegistry } from '../../server/relay/rooms.js'
import { openPostgresStorage } from '../../server/storage/postgresStorage.js'
import type { RelayStorage } from '../../server/storage/storage.js'
import { freshSchema, testServices } from '../helpers/services.js'
import { successiveEdits } from '../helpers/relayFrames.js'

const services = await testServices()
const ROOM = 'group-commit-room-0000000'
const limits = { ...DEFAULT_LIMITS, messagesPerSecond: 1e6 }
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve))

/** PostgreSQL storage that records each batch it is asked to commit without waiting, and how many rows have committed. */
function countingStorage(): { storage: RelayStorage; batches: number[]; committed: () => number } {
  const inner = openPostgresStorage(services.databaseUrl, { schema: freshSchema() })
  const batches: number[] = []
  let committed = 0
  const shared = inner.shared!
  const storage: RelayStorage = {
    ...inner,
    shared: {
      ...shared,
      startAppendCounted(rows, done) {
        batches.push(rows.length)
        shared.startAppendCounted(rows, (error, counters) => {
          if (!error) committed += rows.length
          done(error, counters)
        })
      },
    },
  }
  return { storage, batches, committed: () => committed }
}

/** A peer whose socket records the update frames it is sent. */
function peer(rooms: RoomRegistry, id: number, canWrite = true) {
  const frames: Uint8Array[] = []
  const socket: FrameSocket = { send: (frame) => void frames.push(frame), close: () => {} }
  const connection = new RelayConnection(id, socket, rooms.acquire(ROOM), canWrite, { limits, metrics: createRelayMetrics(false), log: () => {} })
  connection.room.join(connection)
  const updates = () => frames.filter((f) => f[0] === 0 && f[1] === 2).length
  return { connection, frames, updates }
}


let cleanups: Array<() => void> = []
afterEach(() => {
  for (const cleanup of cleanups) cleanup()
  cleanups = []
})

function registry(storage: RelayStorage): RoomRegistry {
  const rooms = new RoomRegistry({ storage, limits, metrics: createRelayMetrics(false), log: () => {} })
  cleanups.push(() => {
    rooms.unloadAll()
    storage.close()
  })
  return rooms
}

/** Resolves once `condition` holds, checking every turn, or rejects after `ms`. */
async function until(condition: () => boolean, ms = 10_000): Promise<void> {
  const deadline = performance.now() + ms
  while (!condition()) {
    if (performance.now() > deadline) throw new Error('condition not met in time')
    await new Promise((resolve) => setTimeout(resolve, 1))
  }
}

test('appends arriving while a batch commits go together in the next one, and each is forwarded only once committed', async () => {
  const { storage, batches, committed } = countingStorage()
  const rooms = registry(storage)
  const writer = peer(rooms, 1)
  const watcher = peer(rooms, 2, false)
  // never ahead of the store: whenever the watcher gets an update, it is committed
  const send = watcher.connection.send.bind(watcher.connection)
  let forwarded = 0
  let ahead = 0
  watcher.connection.send = (frame, sent) => {
    if (frame[0] === 0 && frame[1] === 2 && ++forwarded > committed()) ahead += 1
    send(frame, sent)
  }
  const updates = successiveEdits(30)
  // one update per turn: the first starts a commit, the ones after it arrive while it is in flight
  for (const update of updates) {
    writer.connection.onMessage(encodeUpdate(update), true)
    await nextTurn()
  }
  await until(() => watcher.updates() === updates.length)
  expect(ahead).toBe(0)
  expect(batches.reduce((sum, n) => sum + n, 0)).toBe(updates.length)
  expect(batches.length).toBeLessThan(updates.length) // grouped while a commit was in flight
  expect(storage.loadUpdates(ROOM)).toHaveLength(updates.length)
  // forwarded in the order they were written
  const replica = new Y.Doc()
  for (const frame of watcher.frames.filter((f) => f[0] === 0 && f[1] === 2)) Y.applyUpdate(replica, frame.subarray(3))
  expect(replica.getMap('papers').size).toBe(updates.length)
  expect(writer.updates()).toBe(0)
})

test('a sync reply waits for the batch in flight, so it never carries an uncommitted update', async () => {
  const { storage } = countingStorage()
  const rooms = registry(storage)
  const writer = peer(rooms, 1)
  for (const update of successiveEdits(3)) writer.connection.onMessage(encodeUpdate(update), true)
  await nextTurn() // the batch is in flight now
  const joiner = peer(rooms, 2)
  joiner.connection.onMessage(encodeSyncStep1(new Uint8Array([0])), true)
  expect(storage.loadUpdates(ROOM)).toHaveLength(3)
  const replica = new Y.Doc()
  for (const frame of joiner.frames.filter((f) => f[0] === 0 && f[1] === 1)) Y.applyUpdate(replica, frame.subarray(3))
  expect(replica.getMap('papers').size).toBe(3)
})

test('a batch of cluster messages decodes to its messages, a batch of our own to none, and a single message still decodes', () => {
  const messages: ClusterMessage[] = [
    { kind: 'update', relay: 'r1', room: 'a', counter: 7, sentAt: 1, update: new Uint8Array([1, 2, 3]) },
    { kind: 'presence', relay: 'r1', room: 'b', sentAt: 2, update: new Uint8Array([4]) },
    { kind: 'deleted', relay: 'r1', room: 'c', sentAt: 3 },
  ]
  expect(decodeClusterMessages(encodeClusterBatch('r1', messages), 'r2')).toEqual(messages)
  expect(decodeClusterMessages(encodeClusterBatch('r1', messages), 'r1')).toEqual([])
  expect(decodeClusterMessages(encodeClusterMessage(messages[0]!), 'r2')).toEqual([messages[0]])
  expect(() => decodeClusterMessages(new Uint8Array([4, 2, 0x72, 0x31, 0xff, 0xff, 0x03]), 'r2')).toThrow()
})

test('an append that reaches the store after another relay deleted the room is refused (counter 0) and stores nothing', () => {
  const schema = freshSchema()
  const [a, b] = [openPostgresStorage(services.databaseUrl, { schema }), openPostgresStorage(services.databaseUrl, { schema })]
  try {
    expect(a.claim('r', { writeHash: 'w', readHash: 'r' })).toBe(true)
    const [update] = successiveEdits(1)
    expect(a.shared!.appendCounted([{ room: 'r', update: update! }])).toEqual([1])
    expect(b.deleteRoom('r')).toBe(true)
    const [late] = successiveEdits(1)
    expect(a.shared!.appendCounted([{ room: 'other', update: late! }, { room: 'r', update: late! }])).toEqual([1, 0])
    expect(a.loadUpdates('r')).toEqual([])
    expect(a.loadUpdates('other')).toHaveLength(1)
  } finally {
    a.close()
    b.close()
  }
})
