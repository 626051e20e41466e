#!/usr/bin/env node
/**
 * Side-by-side relay benchmark: Shortlist's relay against `@y/websocket-server` 0.1.1 (in
 * memory, and with LevelDB), each in its own process on 127.0.0.1, driven by real y-websocket
 * clients from a separate forked process. Prints every figure with its ratio to the
 * baselines (median of the runs) and writes reports/bench-relay.json.
 *
 *   node bench/relay/run.mjs [--runs 3] [--quick] [--only fanout,idle,sync,kill]
 *                            [--servers shortlist,baseline-memory,baseline-leveldb]
 *                            [--drivers 1] [--wire auto|on|off]
 *                            [--build-dir build] [--out reports/bench-relay.json]
 *   node bench/relay/run.mjs --cluster [--quick]   1 relay on SQLite vs 3 on PostgreSQL + Redis (cluster.mjs)
 *
 * Needs the compiled relay and document model (`npm run build`).
 */
import { fork } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, readdirSync, statSync } from 'node:fs'
import { tmpdir, loadavg, cpus } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { setTimeout as sleep } from 'node:timers/promises'
import { SERVER_KINDS, isPersistent, repoRoot, startServer, targetShape } from './servers.mjs'
import { settledRss, cpuSeconds, machineBusySeconds } from './proc.mjs'
import { median, quantile } from './stats.mjs'
import { printReport, buildSummary } from './report.mjs'
import { startCapture, wireCaptureUnavailable, wireLatencies } from './wire.mjs'

const here = path.dirname(fileURLToPath(import.meta.url))
const { values: options } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    quick: { type: 'boolean', default: false },
    only: { type: 'string', default: 'fanout,idle,sync,kill' },
    servers: { type: 'string', default: SERVER_KINDS.join(',') },
    drivers: { type: 'string', default: '1' },
    wire: { type: 'string', default: 'auto' },
    'build-dir': { type: 'string', default: path.join(repoRoot, 'build') },
    out: { type: 'string', default: path.join(repoRoot, 'reports/bench-relay.json') },
    cluster: { type: 'boolean', default: false },
  },
})
if (options.cluster) {
  // 1 relay on SQLite against 3 relays on PostgreSQL + Redis (cluster.mjs)
  const { runClusterBench } = await import('./cluster.mjs')
  const out = options.out.endsWith('bench-relay.json') ? options.out.replace(/bench-relay\.json$/, 'bench-relay-cluster.json') : options.out
  await runClusterBench({ buildDir: path.resolve(options['build-dir']), quick: options.quick, out })
  process.exit(0)
}
const runs = Math.max(1, Number.parseInt(options.runs, 10) || 1)
const quick = options.quick
const driverCount = Math.max(1, Number.parseInt(options.drivers, 10) || 1)
const notes = []
/** Whether fan-out latency is also measured at the wire (a loopback capture); see wire.mjs. */
const wireProblem = options.wire === 'off' ? 'turned off (--wire off)' : wireCaptureUnavailable()
const wire = wireProblem === null
if (!wire && options.wire === 'on') {
  console.error(`--wire on, but wire capture cannot run: ${wireProblem}`)
  process.exit(1)
}
if (!wire) notes.push(`Fan-out latency at the wire was not measured: ${wireProblem}.`)
const buildDir = path.resolve(options['build-dir'])
const scenarios = new Set(options.only.split(',').map((s) => s.trim()))
let kinds = options.servers.split(',').map((s) => s.trim()).filter((k) => SERVER_KINDS.includes(k))

if (!existsSync(path.join(buildDir, 'src/doc/index.js'))) {
  console.error(`No compiled document model in ${buildDir}; run \`npm run build\` first.`)
  process.exit(1)
}
if (kinds.includes('shortlist') && !existsSync(path.join(buildDir, 'server/main.js'))) {
  notes.push(`Shortlist's relay (${path.relative(repoRoot, buildDir)}/server/main.js) is not built; only the baselines ran.`)
  kinds = kinds.filter((k) => k !== 'shortlist')
}

/** Load parameters; --quick keeps the shape and shortens the clock. */
const params = {
  fanout: { rooms: 100, clientsPerRoom: 10, rates: [2, 8], durationMs: quick ? 4000 : 12_000, paperShare: 0.05 },
  idle: { rooms: 200, perRoom: 10 },
  sync: { papers: 1000 },
  kill: { edits: 200, intervalMs: 10, killAfterMs: 500 },
}

// ---- the driver processes ----------------------------------------------------------------

/** Starts one driver process; `call(op, args)` sends it an op and resolves to its result. */
async function startDriver(index) {
  const child = fork(path.join(here, 'driver.mjs'), [buildDir], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  const pending = new Map()
  let nextId = 1
  await new Promise((resolve, reject) => {
    child.once('message', (m) => (m.ready ? resolve() : reject(new Error(`driver ${index} failed to start`))))
    child.once('exit', (code) => reject(new Error(`driver ${index} exited with ${code}`)))
  })
  let killed = false
  child.on('exit', (code, signal) => {
    if (!killed) log(`driver ${index} exited (${code ?? signal})`)
    for (const waiter of pending.values()) waiter.reject(new Error(`driver ${index} exited (${code ?? signal})`))
    pending.clear()
  })
  child.on('message', ({ id, result, error }) => {
    const waiter = pending.get(id)
    if (!waiter) return
    pending.delete(id)
    if (error) waiter.reject(new Error(`driver ${index}: ${error}`))
    else waiter.resolve(result)
  })
  const call = (op, args, timeoutMs = 180_000) => {
    const id = nextId++
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id)
        reject(new Error(`driver ${index} op ${op} timed out after ${timeoutMs} ms`))
      }, timeoutMs)
      pending.set(id, {
        resolve: (v) => (clearTimeout(timer), resolve(v)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      })
      child.send({ id, op, args })
    })
  }
  const kill = () => {
    killed = true
    child.kill()
  }
  return { pid: child.pid, call, kill }
}

/**
 * Runs `fn(drivers)` with `count` fresh driver processes and stops them after: every
 * measurement gets drivers of its own, so none inherits a heap full of earlier runs' clients
 * (that made a reused driver's garbage collections, and so its latencies, worse).
 */
async function withDrivers(count, fn) {
  const drivers = await Promise.all(Array.from({ length: count }, (_, i) => startDriver(i)))
  try {
    return await fn(drivers)
  } finally {
    for (const driver of drivers) driver.kill()
  }
}

// ---- helpers ------------------------------------------------------------------------------

const scratch = mkdtempSync(path.join(tmpdir(), 'shortlist-bench-'))
const dataDirFor = (label) => {
  const dir = path.join(scratch, `${label}-${Math.random().toString(36).slice(2, 8)}`)
  mkdirSync(dir, { recursive: true })
  return dir
}
const target = (server) => ({ url: server.url, ...targetShape(server.kind) })
const dirBytes = (dir) => {
  if (!existsSync(dir)) return 0
  let total = 0
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name)
    const st = statSync(full)
    total += st.isDirectory() ? dirBytes(full) : st.size
  }
  return total
}
const log = (...parts) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...parts)

/** Runs `fn(server, dataDir)` against a fresh relay of `kind`, always stopping it after. */
async function withServer(kind, fn) {
  const dataDir = dataDirFor(kind)
  const server = await startServer(kind, dataDir, { buildDir })
  try {
    return await fn(server, dataDir)
  } finally {
    await server.stop()
  }
}

// ---- scenarios ----------------------------------------------------------------------------

/** Scenario 1 against a fresh relay of `kind`, from `--drivers` fresh driver processes. */
const runFanout = (kind, rate, run) => withDrivers(driverCount, (drivers) => fanoutWith(drivers, kind, rate, run))

/**
 * Scenario 1 over every driver: room r goes to driver r mod n. All drivers connect their
 * clients first; the relay's CPU and the machine's busy time are read around the load window,
 * which ends when every driver has drained its deliveries.
 */
async function fanoutWith(drivers, kind, rate, run) {
  const p = params.fanout
  return withServer(kind, async (server, dataDir) => {
    const shards = drivers.map((_, d) => Array.from({ length: p.rooms }, (_, r) => r).filter((r) => r % drivers.length === d))
    const seed = 1000 * run + rate
    const port = Number(new URL(server.url).port)
    const captureFile = path.join(dataDir, '..', `fanout-${kind}-${rate}-${run}.pcapng`)
    const capture = wire ? await startCapture(port, captureFile) : null
    let figures
    let window
    try {
      await Promise.all(drivers.map((driver, d) => driver.call('fanoutPrepare', { target: target(server), roomIndices: shards[d], clientsPerRoom: p.clientsPerRoom, seed })))
      await sleep(1000)
      const cpuBefore = cpuSeconds(server.pid)
      const machineBefore = machineBusySeconds()
      const started = performance.now()
      const fromMs = Date.now()
      const parts = await Promise.all(drivers.map((driver) => driver.call('fanoutRun', { rate, durationMs: p.durationMs, rooms: p.rooms, paperShare: p.paperShare })))
      window = { fromMs, toMs: Date.now() }
      const windowSeconds = (performance.now() - started) / 1000
      const serverCpu = cpuSeconds(server.pid) - cpuBefore
      const machineBusy = machineBusySeconds() - machineBefore
      figures = fanoutFigures(parts, { windowSeconds, serverCpu, machineBusy, durationMs: p.durationMs })
    } finally {
      await Promise.all(drivers.map((driver) => driver.call('fanoutCleanup', {})))
      await capture?.stop()
    }
    if (!capture) return figures
    const atWire = await wireLatencies(captureFile, port, window.fromMs, window.toMs)
    rmSync(captureFile, { force: true })
    return {
      ...figures,
      wireP50Ms: quantile(atWire, 0.5),
      wireP99Ms: quantile(atWire, 0.99),
      wireMaxMs: quantile(atWire, 1),
      wireMatchedShare: (100 * atWire.length) / Math.max(1, figures.expectedDeliveries),
    }
  })
}

/** Merges the drivers' fan-out results into the reported figures. */
function fanoutFigures(parts, { windowSeconds, serverCpu, machineBusy, durationMs }) {
  const sum = (field) => parts.reduce((total, part) => total + part[field], 0)
  const latencies = parts.flatMap((part) => part.latencies)
  const driverCpu = sum('driverCpuSeconds')
  const closeCodes = {}
  for (const part of parts) for (const [code, count] of Object.entries(part.closeCodes)) closeCodes[code] = (closeCodes[code] ?? 0) + count
  return {
    edits: sum('edits'),
    papersAdded: sum('papersAdded'),
    expectedDeliveries: sum('expectedDeliveries'),
    deliveries: latencies.length,
    windowSeconds,
    editsPerSecond: sum('edits') / (durationMs / 1000),
    deliveriesPerSecond: latencies.length / windowSeconds,
    p50Ms: quantile(latencies, 0.5),
    p99Ms: quantile(latencies, 0.99),
    maxMs: quantile(latencies, 1),
    serverCpuSeconds: serverCpu,
    driverCpuSeconds: driverCpu,
    otherCpuSeconds: Math.max(0, machineBusy - serverCpu - driverCpu),
    driverLoopDelayP99Ms: Math.max(...parts.map((part) => part.driverLoopDelayP99Ms)),
    reconnects: sum('reconnects'),
    serverCpuMsPer1000Deliveries: (1e6 * serverCpu) / Math.max(1, latencies.length),
    closeCodes: JSON.stringify(closeCodes),
  }
}

const runIdle = (kind) => withDrivers(1, ([driver]) => idleWith(driver, kind))

async function idleWith(driver, kind) {
  const p = params.idle
  return withServer(kind, async (server) => {
    await driver.call('warmUp', { target: target(server) })
    return driver.call('idle', { target: target(server), rooms: p.rooms, perRoom: p.perRoom, serverPid: server.pid })
  })
}

const runSync = (kind, run) => withDrivers(1, ([driver]) => syncWith(driver, kind, run))

async function syncWith(driver, kind, run) {
  const key = `sync-${kind}-${run}`
  const dataDir = dataDirFor(kind)
  let server = await startServer(kind, dataDir, { buildDir })
  try {
    const seeded = await driver.call('seedBigRoom', { target: target(server), papers: params.sync.papers, key })
    await server.stop()
    server = await startServer(kind, dataDir, { buildDir })
    await driver.call('warmUp', { target: target(server) })
    const rssBefore = await settledRss(server.pid)
    if (!isPersistent(kind)) await driver.call('upload', { target: target(server), key })
    const cold = await driver.call('freshSync', { target: target(server), key, keep: true })
    await sleep(500)
    const rssLoaded = await settledRss(server.pid)
    const warm = await driver.call('freshSync', { target: target(server), key, keep: false })
    await driver.call('releaseHeld', {})
    return {
      storedBytes: seeded.storedBytes,
      diskBytes: isPersistent(kind) ? dirBytes(dataDir) : 0,
      coldSyncedMs: cold.syncedMs,
      coldCompleteMs: cold.completeMs,
      coldPapersAtSynced: cold.papersAtSynced,
      warmSyncedMs: warm.syncedMs,
      warmCompleteMs: warm.completeMs,
      roomRssBytes: rssLoaded - rssBefore,
    }
  } finally {
    await server.stop()
  }
}

const runKill = (kind, run) => withDrivers(1, ([driver]) => killWith(driver, kind, run))

async function killWith(driver, kind, run) {
  const key = `kill-${kind}-${run}`
  const dataDir = dataDirFor(kind)
  let server = await startServer(kind, dataDir, { buildDir })
  try {
    const p = params.kill
    const written = await driver.call('writeThenKill', { target: target(server), key, edits: p.edits, intervalMs: p.intervalMs, killAfterMs: p.killAfterMs, serverPid: server.pid })
    const exit = await server.exited
    server = await startServer(kind, dataDir, { buildDir })
    const { survived } = await driver.call('countVotes', { target: target(server), key, expected: p.edits })
    return { edits: p.edits, forwarded: written.forwarded, survived, lost: p.edits - survived, killedBy: exit.signal }
  } finally {
    await server.stop()
  }
}

// ---- main ---------------------------------------------------------------------------------

const started = Date.now()
const loadBefore = loadavg()
const results = {} // results[scenario][kind] = [run results]
const record = (scenario, kind, value) => {
  results[scenario] ??= {}
  ;(results[scenario][kind] ??= []).push(value)
}
const failures = []
/** Runs one measurement; a failure is reported and the benchmark goes on with the next. */
async function attempt(scenario, kind, run, measure) {
  try {
    record(scenario, kind, await measure())
  } catch (error) {
    const message = `${scenario} ${kind} run ${run} failed: ${error instanceof Error ? error.message : error}`
    log(message)
    failures.push(message)
  }
}

try {
  for (let run = 1; run <= runs; run++) {
    // Kinds interleave within each run, so background load hits every relay alike.
    if (scenarios.has('fanout')) {
      for (const rate of params.fanout.rates) {
        for (const kind of kinds) {
          log(`run ${run}/${runs} fan-out ${rate}/s/room ${kind}`)
          await attempt(`fanout${rate}`, kind, run, () => runFanout(kind, rate, run))
        }
      }
    }
    if (scenarios.has('idle')) {
      for (const kind of kinds) {
        log(`run ${run}/${runs} idle connections ${kind}`)
        await attempt('idle', kind, run, () => runIdle(kind))
      }
    }
    if (scenarios.has('sync')) {
      for (const kind of kinds) {
        log(`run ${run}/${runs} initial sync ${kind}`)
        await attempt('sync', kind, run, () => runSync(kind, run))
      }
    }
    if (scenarios.has('kill')) {
      for (const kind of kinds) {
        log(`run ${run}/${runs} SIGKILL ${kind}`)
        await attempt('kill', kind, run, () => runKill(kind, run))
      }
    }
  }
} finally {
  rmSync(scratch, { recursive: true, force: true })
}

const medians = {}
for (const [scenario, byKind] of Object.entries(results)) {
  medians[scenario] = {}
  for (const [kind, list] of Object.entries(byKind)) {
    medians[scenario][kind] = {}
    for (const field of Object.keys(list[0])) {
      const values = list.map((r) => r[field])
      medians[scenario][kind][field] = typeof values[0] === 'number' ? median(values) : values[0]
    }
  }
}
const environment = {
  cpus: cpus().length,
  node: process.version,
  drivers: driverCount,
  wire,
  loadAverageBefore: loadBefore,
  loadAverageAfter: loadavg(),
  seconds: Math.round((Date.now() - started) / 1000),
  note: 'The load driver and the relay share this machine\'s cores; driver time and other processes\' CPU during each fan-out window are recorded (driverCpuSeconds, otherCpuSeconds).',
}
const summary = buildSummary(medians, params)
notes.push(...failures)
printReport({ medians, summary, runs, quick, params, environment, notes })
mkdirSync(path.dirname(options.out), { recursive: true })
writeFileSync(options.out, JSON.stringify({ runs, quick, params, environment, notes, summary, medians, results }, null, 2) + '\n')
console.log(`\nWrote ${path.relative(repoRoot, options.out)}`)
process.exit(failures.length ? 1 : 0)
