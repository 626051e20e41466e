/**
 * A load driver: a separate Node process (forked by run.mjs) holding benchmark clients. It
 * answers `{ id, op, args }` messages with `{ id, result }` or `{ id, error }`. Each op runs
 * one scenario step against one relay; the relay runs in another process. run.mjs starts
 * fresh drivers for every scenario run; with `--drivers N` the fan-out rooms are spread over
 * N of them (on a machine with more cores, so that one client process does not saturate and
 * queue the very deliveries it is timing).
 */
import * as Y from 'yjs'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import { loadBuild, newRoom, connect, connectMany, whenSynced, closeAll } from './clients.mjs'
import { addPapers, paperCount, timedEdit, watchStamps, storedSize } from './workload.mjs'
import { settledRss } from './proc.mjs'
import { seededRandom } from './stats.mjs'

// Every WebsocketProvider adds a process 'exit' listener; thousands of clients are intended here.
process.setMaxListeners(0)

const build = await loadBuild(process.argv[2])
const ops = build.doc

/** Clients kept open between steps (the warm-sync holder). */
const held = []
/** Big rooms made by `seedBigRoom`, with their full state for re-uploading. */
const bigRooms = new Map()

/** The fan-out clients of this driver, between `fanoutPrepare` and `fanoutCleanup`. */
let fanoutRooms = null

/**
 * Scenario 1, set-up: this driver's share of the rooms (`roomIndices` out of `rooms`), each
 * with `clientsPerRoom` clients holding the room's 20 seed papers. Each room draws its choices
 * from its own seeded generator, so the load is the same however rooms are spread over drivers.
 */
async function fanoutPrepare({ target, roomIndices, clientsPerRoom, seed }) {
  const roomStates = []
  for (const r of roomIndices) {
    const random = seededRandom(seed * 1000 + r)
    const room = await newRoom(build, target)
    const seedDoc = new Y.Doc()
    const paperIds = addPapers(ops, seedDoc, 20, r * 1000, random)
    roomStates.push({ index: r, random, room, seedDoc, paperIds, clients: [] })
  }
  // The first client of each room uploads its papers (and claims the room), then the rest join.
  const firsts = await connectMany(roomStates.map((s) => ({ target, room: s.room, doc: s.seedDoc })))
  firsts.forEach((client, i) => roomStates[i].clients.push(client))
  const restSpecs = roomStates.flatMap((s) => Array.from({ length: clientsPerRoom - 1 }, () => ({ target, room: s.room })))
  const rest = await connectMany(restSpecs)
  rest.forEach((client, i) => roomStates[Math.floor(i / (clientsPerRoom - 1))].clients.push(client))
  for (const state of roomStates) state.clients.forEach((client, i) => (client.memberId = `m${state.index}-${i}`))
  // Every replica holds the seed papers before the clock starts.
  for (const state of roomStates) {
    for (const client of state.clients) {
      while (paperCount(ops, client.doc) < state.paperIds.length) await sleep(20)
    }
  }
  const latencies = []
  // deliveries whose sender sits on another relay (cluster targets only)
  const crossLatencies = []
  const relayOf = new Map(roomStates.flatMap((s) => s.clients).map((client) => [client.memberId, client.relay]))
  const counters = { reconnects: 0, closeCodes: {} }
  for (const client of roomStates.flatMap((s) => s.clients)) {
    watchStamps(client.doc, (ms, sender) => {
      latencies.push(ms)
      if (relayOf.get(sender) !== client.relay) crossLatencies.push(ms)
    })
    client.provider.on('status', ({ status }) => status === 'disconnected' && counters.reconnects++)
    client.provider.on('connection-close', (event) => {
      const code = String(event?.code ?? 'none')
      counters.closeCodes[code] = (counters.closeCodes[code] ?? 0) + 1
    })
  }
  fanoutRooms = { roomStates, latencies, crossLatencies, counters, clientsPerRoom }
  return { clients: roomStates.length * clientsPerRoom }
}

/**
 * Scenario 1, load (once per \`fanoutPrepare\`): each of this driver's rooms makes `rate` timed edits per second for
 * `durationMs`, round-robin over its clients (rooms out of phase by their index among `rooms`).
 * Returns every latency measured at a receiving client, after the deliveries have drained.
 */
async function fanoutRun({ rate, durationMs, rooms, paperShare }) {
  const { roomStates, latencies, crossLatencies, counters, clientsPerRoom } = fanoutRooms
  let edits = 0
  let papersAdded = 0
  let paperNumber = 1_000_000
  const nextPaperNumber = () => paperNumber++
  const loop = monitorEventLoopDelay({ resolution: 5 })
  const driverCpuBefore = process.cpuUsage()
  const started = performance.now()
  loop.enable()
  // Each room's edits follow a fixed schedule. A tick that runs late sends every edit that has
  // come due, so each relay gets the same number of edits even when the driver is starved of CPU.
  const period = 1000 / rate
  const sent = roomStates.map(() => 0)
  const tick = () => {
    const elapsed = Math.min(performance.now() - started, durationMs)
    roomStates.forEach((state, i) => {
      const due = Math.floor((elapsed - (state.index / rooms) * period) / period) + 1
      while (sent[i] < due) {
        const client = state.clients[sent[i]++ % state.clients.length]
        if (timedEdit(ops, client, state.paperIds, state.random, paperShare, nextPaperNumber)) papersAdded++
        edits++
      }
    })
  }
  const ticker = setInterval(tick, 2)
  await sleep(durationMs)
  clearInterval(ticker)
  tick()
  const expected = edits * (clientsPerRoom - 1)
  const drainDeadline = performance.now() + 15_000
  while (latencies.length < expected && performance.now() < drainDeadline) await sleep(50)
  loop.disable()
  const driverCpu = process.cpuUsage(driverCpuBefore)
  return {
    edits,
    papersAdded,
    expectedDeliveries: expected,
    latencies,
    crossLatencies,
    driverCpuSeconds: (driverCpu.user + driverCpu.system) / 1e6,
    driverLoopDelayP99Ms: loop.percentile(99) / 1e6,
    reconnects: counters.reconnects,
    closeCodes: counters.closeCodes,
  }
}

/** Scenario 1, tear-down: closes this driver's fan-out clients. */
async function fanoutCleanup() {
  if (!fanoutRooms) return {}
  closeAll(fanoutRooms.roomStates.flatMap((s) => s.clients))
  for (const state of fanoutRooms.roomStates) state.seedDoc.destroy()
  fanoutRooms = null
  await sleep(500)
  return {}
}

/** Scenario 2: `rooms` × `perRoom` idle clients; the relay's RSS growth per connection. */
async function idle({ target, rooms, perRoom, serverPid, serverPids = [serverPid] }) {
  const roomList = []
  for (let r = 0; r < rooms; r++) roomList.push(await newRoom(build, target))
  await sleep(500)
  const rssOfAll = async () => (await Promise.all(serverPids.map((pid) => settledRss(pid)))).reduce((a, b) => a + b, 0)
  const before = await rssOfAll()
  const specs = roomList.flatMap((room) => Array.from({ length: perRoom }, () => ({ target, room })))
  const clients = await connectMany(specs)
  await sleep(2000)
  const after = await rssOfAll()
  closeAll(clients)
  await sleep(500)
  return { connections: clients.length, rssBeforeBytes: before, rssAfterBytes: after, bytesPerConnection: (after - before) / clients.length }
}

/** Scenario 3, set-up: a room of `papers` ~1 KB papers, uploaded by one client and checked by another. */
async function seedBigRoom({ target, papers, key }) {
  const room = await newRoom(build, target)
  const doc = new Y.Doc()
  addPapers(ops, doc, papers, 0, seededRandom(7))
  const state = Y.encodeStateAsUpdate(doc)
  bigRooms.set(key, { room, state, papers })
  const uploadMs = await upload(target, key)
  return { storedBytes: storedSize(doc), uploadMs }
}

/** Uploads a big room's state again (the in-memory baseline forgets it on restart). */
async function upload(target, key) {
  const { room, state, papers } = bigRooms.get(key)
  const doc = new Y.Doc()
  Y.applyUpdate(doc, state)
  const started = performance.now()
  const uploader = connect(target, room, doc)
  await whenSynced(uploader.provider)
  const checker = connect(target, room)
  await whenPapers(checker.doc, papers, 60_000)
  const ms = performance.now() - started
  closeAll([uploader, checker])
  await sleep(1000)
  return ms
}

function whenPapers(doc, count, timeoutMs) {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (paperCount(ops, doc) < count) return false
      doc.off('update', onUpdate)
      clearTimeout(timer)
      resolve()
      return true
    }
    const onUpdate = () => check()
    const timer = setTimeout(() => {
      doc.off('update', onUpdate)
      reject(new Error(`only ${paperCount(ops, doc)} of ${count} papers after ${timeoutMs} ms`))
    }, timeoutMs)
    doc.on('update', onUpdate)
    check()
  })
}

/**
 * Scenario 3: a fresh client joins a big room: time to the provider's `synced` and time until
 * it holds every paper (a relay that answers before loading the room is "synced" too early).
 */
async function freshSync({ target, key, keep }) {
  const { room, papers } = bigRooms.get(key)
  const started = performance.now()
  const client = connect(target, room)
  await whenSynced(client.provider, 60_000)
  const syncedMs = performance.now() - started
  const papersAtSynced = paperCount(ops, client.doc)
  await whenPapers(client.doc, papers, 60_000)
  const completeMs = performance.now() - started
  if (keep) held.push(client)
  else closeAll([client])
  return { syncedMs, completeMs, papersAtSynced }
}

/**
 * Touches every code path of a just-started relay with one small room (connect, write, sync,
 * leave), so that a memory reading afterwards is not inflated by code loaded on first use.
 */
async function warmUp({ target }) {
  const room = await newRoom(build, target)
  const writer = connect(target, room)
  await whenSynced(writer.provider)
  ops.addPaper(writer.doc, { arxivId: '2401.00002', title: 'Warm-up' }, 'warm-up')
  const reader = connect(target, room)
  await whenSynced(reader.provider)
  await whenPapers(reader.doc, 1, 10_000)
  closeAll([writer, reader])
  await sleep(500)
  return {}
}

/** Closes the clients kept by earlier steps. */
async function releaseHeld() {
  closeAll(held.splice(0))
  await sleep(300)
  return {}
}

/**
 * Scenario 4: one client makes `edits` votes every `intervalMs`, another watches; `killAfterMs`
 * after the last edit the relay is SIGKILLed. Returns how many edits the watcher had received.
 */
async function writeThenKill({ target, key, edits, intervalMs, killAfterMs, serverPid }) {
  const room = await newRoom(build, target)
  const writer = connect(target, room)
  await whenSynced(writer.provider)
  const { id: paperId } = ops.addPaper(writer.doc, { arxivId: '2401.00001', title: 'Durability' }, 'writer')
  const watcher = connect(target, room)
  await whenSynced(watcher.provider)
  await whenPapers(watcher.doc, 1, 10_000)
  for (let i = 0; i < edits; i++) {
    ops.setVote(writer.doc, { paperId, memberId: `member-${i}`, on: true })
    await sleep(intervalMs)
  }
  // The sleep after the last edit counts towards the wait before the kill.
  await sleep(Math.max(0, killAfterMs - intervalMs))
  process.kill(serverPid, 'SIGKILL')
  const forwarded = ops.votesOf(watcher.doc).size
  closeAll([writer, watcher])
  bigRooms.set(key, { room })
  return { forwarded }
}

/** Scenario 4, after the restart: a fresh client counts the votes the relay still has. */
async function countVotes({ target, key, expected }) {
  const { room } = bigRooms.get(key)
  const client = connect(target, room)
  await whenSynced(client.provider, 30_000)
  // A relay may answer `synced` before its storage has loaded: give late updates 2 s.
  const deadline = performance.now() + 2000
  while (ops.votesOf(client.doc).size < expected && performance.now() < deadline) await sleep(50)
  const survived = ops.votesOf(client.doc).size
  closeAll([client])
  return { survived }
}

const OPS = { warmUp, fanoutPrepare, fanoutRun, fanoutCleanup, idle, seedBigRoom, upload: ({ target, key }) => upload(target, key).then((ms) => ({ uploadMs: ms })), freshSync, releaseHeld, writeThenKill, countVotes }

process.on('message', async ({ id, op, args }) => {
  try {
    const result = await OPS[op](args)
    process.send({ id, result })
  } catch (error) {
    process.send({ id, error: error instanceof Error ? error.stack : String(error) })
  }
})
process.send({ ready: true })
