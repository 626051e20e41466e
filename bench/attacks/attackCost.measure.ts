/**
 * What the relay's room code spends on the hostile shapes of update (in-process, one room,
 * memory storage): the reverse-dependency chain, many held updates then commits, and a
 * delete-only update and a step 1 in a 64 MB room. Prints one line per figure.
 * Run: npx vitest run --config bench/attacks/vitest.config.ts
 */
import { test } from 'vitest'
import * as Y from 'yjs'
import { DEFAULT_LIMITS } from '../../server/config.js'
import { createRelayMetrics } from '../../server/metrics.js'
import { encodeSyncStep1, encodeUpdate } from '../../server/relay/protocol.js'
import type { Peer } from '../../server/relay/room.js'
import { RoomDocument } from '../../server/relay/roomDocument.js'
import { MAX_CLIENTS_PER_UPDATE } from '../../server/relay/updateChecks.js'
import { RoomRegistry } from '../../server/relay/rooms.js'
import { openMemoryStorage } from '../../server/storage/memoryStorage.js'
import type { RelayStorage } from '../../server/storage/storage.js'
import { encodeItems, reverseDependencyChain, reverseDependencyChainOfSize } from '../../tests/helpers/relayFrames.js'

const report = (name: string, value: string) => console.log(`${name.padEnd(58)} ${value}`)
const ms = (t: number) => `${t.toFixed(1)} ms`

/** Runs `run`; returns its result and its wall time in ms. Its CPU time is added to `cpu.ms`. */
function timed<T>(run: () => T): [T, number] {
  const started = performance.now()
  const usage = process.cpuUsage()
  const result = run()
  const used = process.cpuUsage(usage)
  cpu.ms += (used.user + used.system) / 1000
  return [result, performance.now() - started]
}
/** CPU time of the timed sections (the machine may be shared: wall time includes waiting for a CPU). */
const cpu = { ms: 0 }
const cpuSince = (from: number) => `cpu ${(cpu.ms - from).toFixed(0)} ms`

/** A recording peer; `sent` callbacks (if the room passes one) run on a later turn, each timed. */
function recordingPeer(id: number, log: { frames: number[]; callbackMs: number[]; closes: number[] }): Peer {
  return {
    id,
    canWrite: true,
    send(frame: Uint8Array, sent?: (error?: Error) => void) {
      log.frames.push(frame.length)
      if (sent) setImmediate(() => log.callbackMs.push(timed(() => sent())[1]))
    },
    close(reason) {
      log.closes.push(reason.code)
    },
  } as Peer
}

function registry(limits = {}) {
  return new RoomRegistry({ storage: openMemoryStorage(), limits: { ...DEFAULT_LIMITS, messagesPerSecond: 1e9, ...limits }, metrics: createRelayMetrics(false), log: () => {} })
}

const idle = (turns = 1) => new Promise<void>((resolve) => { let n = turns; const step = () => (--n <= 0 ? resolve() : setImmediate(step)); setImmediate(step) })

test('reverse-dependency chain: check time', () => {
  for (const update of [reverseDependencyChain(8000), reverseDependencyChain(16000)]) {
    const from = cpu.ms
    const [check, took] = timed(() => new RoomDocument([]).check(update))
    report(`chain ${(update.length / 1024).toFixed(0)} KB (${Y.decodeUpdate(update).structs.length} clients) check`, `${ms(took)}, ${cpuSince(from)} -> ${check.kind}`)
  }
  {
    const update = reverseDependencyChain(8000)
    const from = cpu.ms
    const [check, took] = timed(() => new RoomDocument([]).check(update))
    report('chain 86 KB (8000 clients) check, again (code warm)', `${ms(took)}, ${cpuSince(from)} -> ${check.kind}`)
  }
  {
    const update = reverseDependencyChain(MAX_CLIENTS_PER_UPDATE)
    const from = cpu.ms
    const [check, took] = timed(() => new RoomDocument([]).check(update))
    report(`chain ${(update.length / 1024).toFixed(0)} KB (${MAX_CLIENTS_PER_UPDATE} clients, the most accepted) check`, `${ms(took)}, ${cpuSince(from)} -> ${check.kind}`)
  }
  if (process.env.FULL_FRAME) {
    const update = reverseDependencyChainOfSize(DEFAULT_LIMITS.maxFrameBytes - 16)
    const from = cpu.ms
    const [check, took] = timed(() => new RoomDocument([]).check(update))
    report(`chain ${(update.length / 1024).toFixed(0)} KB check`, `${ms(took)}, ${cpuSince(from)} -> ${check.kind}`)
  }
})

/** An update of one item from `client` starting at clock 1: it waits for clock 0 of that client. */
function heldUpdate(client: number): Uint8Array {
  const item = new Y.Item(Y.createID(client, 1), null, null, null, null, 'papers' as never, `k${client}`, new Y.ContentAny([1]))
  return encodeItems([item])
}

test('held updates: 30 connections x 2,100 held, then 200 commits', async () => {
  const rooms = registry()
  const room = rooms.acquire('held-room-0000000000000')
  const log = { frames: [] as number[], callbackMs: [] as number[], closes: [] as number[] }
  const peers = Array.from({ length: 30 }, (_, i) => recordingPeer(i + 1, log))
  for (const peer of peers) room.join(peer)
  const [, holding] = timed(() => {
    peers.forEach((peer, p) => {
      for (let k = 0; k < 2100; k++) room.write(peer, heldUpdate(1_000_000 + p * 10_000 + k))
    })
  })
  const honest = recordingPeer(99, log)
  room.join(honest)
  const doc = new Y.Doc()
  const edits: Uint8Array[] = []
  doc.on('update', (u: Uint8Array) => edits.push(u))
  for (let i = 0; i < 200; i++) doc.getMap('papers').set(`p${i}`, i)
  let worst = 0
  const from = cpu.ms
  const [, committing] = timed(() => {
    for (const edit of edits) {
      const started = performance.now()
      room.write(honest, edit)
      worst = Math.max(worst, performance.now() - started)
    }
  })
  report('held: sending 63,000 held updates', ms(holding))
  report('held: 200 commits, total', `${ms(committing)}, ${cpuSince(from)} (worst single commit ${ms(worst)}; peers closed ${log.closes.length})`)
  rooms.unloadAll()
})

/** A room of about `megabytes` MB built from 1 MB updates of 1,000 papers each. */
function bigRoom(megabytes: number) {
  const doc = new Y.Doc()
  const updates: Uint8Array[] = []
  doc.on('update', (u: Uint8Array) => updates.push(u))
  const note = 'x'.repeat(960)
  for (let u = 0; u < megabytes; u++) {
    doc.transact(() => {
      for (let i = 0; i < 1000; i++) doc.getMap('papers').set(`p${u}-${i}`, { title: `Paper ${u}-${i}`, note })
    })
  }
  return { doc, updates }
}

test('a 64 MB room: delete-only update, and step 1 naming one known client', async () => {
  const { doc, updates } = bigRoom(60)
  const rooms = registry()
  const room = rooms.acquire('big-room-00000000000000')
  const log = { frames: [] as number[], callbackMs: [] as number[], closes: [] as number[] }
  const writer = recordingPeer(1, log)
  room.join(writer)
  const [, building] = timed(() => { for (const update of updates) room.write(writer, update) })
  rooms.flushWrites()
  await idle(3)
  report(`big room: ${(room.size / 1e6).toFixed(1)} MB built from ${updates.length} updates`, ms(building))
  const deletes: number[] = []
  const deletesFrom = cpu.ms
  for (let i = 0; i < 5; i++) {
    const before = Y.encodeStateVector(doc)
    doc.getMap('papers').delete(`p7-${i}`)
    const update = Y.encodeStateAsUpdate(doc, before)
    deletes.push(timed(() => room.write(writer, update))[1])
    rooms.flushWrites()
    await idle(2)
  }
  report('big room: delete-only update (5 in a row)', `${deletes.map(ms).join(', ')}; ${cpuSince(deletesFrom)} for all 5`)

  // what one connection to the idle room costs: loading it (rows as stored), and the type
  // index a first update naming a parent by id builds
  rooms.flushWrites()
  room.compact(true)
  const storage = (rooms as unknown as { ctx: { storage: RelayStorage } }).ctx.storage
  const stored = storage.loadUpdates('big-room-00000000000000')
  // `loadStateVectorThrough` is new with bounded rows; before, the stored state vector covered a single compacted row
  const known = 'loadStateVectorThrough' in storage ? storage.loadStateVectorThrough('big-room-00000000000000') : null
  const loadFrom = cpu.ms
  const [loaded, loading] = timed(() => new RoomDocument(stored, known?.stateVector ?? storage.loadCompactedStateVector('big-room-00000000000000'), known?.rows ?? 1))
  report(`big room: load from ${stored.length} stored rows`, `${ms(loading)}, ${cpuSince(loadFrom)}`)
  const indexFrom = cpu.ms
  const stepwise = loaded as unknown as { buildTypeIndexStep?: () => boolean }
  let slowestIndexStep = 0
  if (stepwise.buildTypeIndexStep) {
    for (let done = false; !done; ) {
      const [finished, took] = timed(() => stepwise.buildTypeIndexStep!())
      done = finished
      slowestIndexStep = Math.max(slowestIndexStep, took)
    }
  } else {
    slowestIndexStep = timed(() => loaded.typeCount)[1]
  }
  report('big room: type index built by a parent named by id', `slowest step ${ms(slowestIndexStep)}, ${cpuSince(indexFrom)} in all`)

  // a peer that knows one client of the room (a client that wrote once, long ago) and nothing else
  const reader = recordingPeer(2, log)
  room.join(reader)
  log.frames.length = 0
  log.callbackMs.length = 0
  const knowsOne = Y.encodeStateVector(new Map([[doc.clientID, 1]]) as never)
  const stepFrom = cpu.ms
  const [, firstCall] = timed(() => room.syncStep1(reader, knowsOne))
  for (let i = 0; i < 2000 && (log.callbackMs.length < log.frames.length - 0 || i < 3); i++) await idle(1)
  await idle(5)
  const largest = Math.max(...log.frames)
  const total = log.frames.reduce((a, b) => a + b, 0)
  const slowest = Math.max(firstCall, ...log.callbackMs)
  const steps = [firstCall, ...log.callbackMs].sort((a, b) => a - b)
  const median = steps[Math.floor(steps.length / 2)]!
  report('big room: step 1 naming one known client', `slowest step ${ms(slowest)}, median step ${ms(median)}, ${cpuSince(stepFrom)} in all, ${log.frames.length} frames, largest ${(largest / 1e6).toFixed(2)} MB, total ${(total / 1e6).toFixed(1)} MB`)
  rooms.unloadAll()
})
