/**
 * Cluster mode of the relay benchmark (`npm run bench:relay -- --cluster`): the same fan-out
 * workload through one relay on SQLite and through three relays on PostgreSQL + Redis
 * (clients spread round-robin over the three), in one run, plus memory per idle connection
 * and the initial sync of a 1,000-paper room in both. PostgreSQL and Redis come from
 * `scripts/services.mjs` (Debian's packages), on loopback, data in a temporary folder.
 *
 * CPU per 1,000 deliveries sums the relays' CPU and, in cluster mode, Redis's and
 * PostgreSQL's (the postmaster and its backends), over the load window.
 *
 * `SHORTLIST_BENCH_CPU_PROF=<folder>`: the relays run with `--cpu-prof`, profiles in
 * `<folder>/single` and `<folder>/cluster` (summarise with `node bench/relay/profile.mjs`).
 * With `SHORTLIST_BENCH_FANOUT_ONLY=1` the run stops after the fan-out (no idle or sync
 * stages), so the profiles hold the fan-out alone.
 */
import { fork } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { setTimeout as sleep } from 'node:timers/promises'
import postgres from 'postgres'
import { startServices } from '../../scripts/services.mjs'
import { cpuSeconds, threadCpuSeconds } from './proc.mjs'
import { quantile } from './stats.mjs'
import { startServer } from './servers.mjs'

const here = path.dirname(fileURLToPath(import.meta.url))
const log = (...parts) => console.error(`[bench cluster ${new Date().toISOString().slice(11, 19)}]`, ...parts)

/** Starts a driver process; `call(op, args)` resolves to the op's result. */
async function startDriver(buildDir) {
  const child = fork(path.join(here, 'driver.mjs'), [buildDir], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  await new Promise((resolve, reject) => {
    child.once('message', (m) => (m.ready ? resolve() : reject(new Error('driver failed to start'))))
    child.once('exit', (code) => reject(new Error(`driver exited with ${code}`)))
  })
  const pending = new Map()
  let nextId = 1
  child.on('message', ({ id, result, error }) => {
    const waiter = pending.get(id)
    if (!waiter) return
    pending.delete(id)
    if (error) waiter.reject(new Error(error))
    else waiter.resolve(result)
  })
  return {
    call: (op, args) =>
      new Promise((resolve, reject) => {
        const id = nextId++
        pending.set(id, { resolve, reject })
        child.send({ id, op, args })
      }),
    kill: () => child.kill(),
  }
}

/** CPU seconds of a set of processes (a process that is gone counts as 0). */
function cpuOf(pids) {
  const out = new Map()
  for (const pid of pids) {
    try {
      out.set(pid, cpuSeconds(pid))
    } catch {
      out.set(pid, 0)
    }
  }
  return out
}
const cpuDelta = (before, after) => [...after].reduce((sum, [pid, seconds]) => sum + seconds - (before.get(pid) ?? 0), 0)

/** Runs the cluster comparison; returns `{ rows, figures }` and prints the table. */
export async function runClusterBench({ buildDir, quick, out }) {
  const params = { rooms: 100, clientsPerRoom: 10, rate: 2, durationMs: quick ? 5000 : 12_000, paperShare: 0.05, idleRooms: 100, idlePerRoom: 10, papers: 1000 }
  const services = await startServices()
  const scratch = mkdtempSync(path.join(tmpdir(), 'shortlist-bench-cluster-'))
  const figures = {}
  try {
    for (const mode of ['single', 'cluster']) {
      log(`${mode}: starting`)
      let env = {}
      if (mode === 'cluster') {
        const admin = postgres(services.databaseUrl, { max: 1, onnotice: () => {} })
        await admin.unsafe('CREATE DATABASE bench_cluster')
        await admin.end()
        env = { SHORTLIST_DATABASE_URL: services.databaseUrl.replace(/\/postgres$/, '/bench_cluster'), SHORTLIST_REDIS_URL: services.redisUrl }
      }
      const count = mode === 'cluster' ? 3 : 1
      const relays = []
      for (let i = 0; i < count; i++) {
        const dataDir = path.join(scratch, `${mode}-${i}`)
        mkdirSync(dataDir, { recursive: true })
        const profileDir = process.env.SHORTLIST_BENCH_CPU_PROF ? path.resolve(process.env.SHORTLIST_BENCH_CPU_PROF, mode) : null
        if (profileDir) mkdirSync(profileDir, { recursive: true })
        relays.push(await startServer('shortlist', dataDir, { buildDir, env, profileDir }))
      }
      const target = { urls: relays.map((relay) => relay.url), prefix: '/sync', auth: true }
      const relayPids = relays.map((relay) => relay.pid)
      const servicePids = () => (mode === 'cluster' ? { redis: [services.pids().redis], postgres: services.pids().postgres } : { redis: [], postgres: [] })
      const result = {}
      try {
        // fan-out at 2 edits/s/room, 100 rooms x 10 clients
        let driver = await startDriver(buildDir)
        try {
          await driver.call('fanoutPrepare', { target, roomIndices: Array.from({ length: params.rooms }, (_, r) => r), clientsPerRoom: params.clientsPerRoom, seed: 1002 })
          await sleep(1000)
          const { redis, postgres: pg } = servicePids()
          const before = [cpuOf(relayPids), cpuOf(redis), cpuOf(pg)]
          const threadsBefore = relayPids.map((pid) => threadCpuSeconds(pid))
          const loadStarted = process.hrtime.bigint()
          const run = await driver.call('fanoutRun', { rate: params.rate, durationMs: params.durationMs, rooms: params.rooms, paperShare: params.paperShare })
          if (process.env.SHORTLIST_BENCH_CPU_PROF) {
            // the load window on the monotonic clock the profiles use (µs), so the summary can keep to it
            const window = { startUs: Number(loadStarted / 1000n), endUs: Number(process.hrtime.bigint() / 1000n) }
            writeFileSync(path.resolve(process.env.SHORTLIST_BENCH_CPU_PROF, mode, 'window.json'), JSON.stringify(window))
          }
          const [relaysCpu, redisCpu, postgresCpu] = [cpuDelta(before[0], cpuOf(relayPids)), cpuDelta(before[1], cpuOf(redis)), cpuDelta(before[2], cpuOf(pg))]
          const cpu = relaysCpu + redisCpu + postgresCpu
          // where the relays spent it: per thread kind, user and system, summed over the relays
          const relayThreads = {}
          relayPids.forEach((pid, i) => {
            for (const [name, after] of Object.entries(threadCpuSeconds(pid))) {
              const was = threadsBefore[i][name] ?? { user: 0, system: 0 }
              const entry = (relayThreads[name] ??= { user: 0, system: 0 })
              entry.user += after.user - was.user
              entry.system += after.system - was.system
            }
          })
          log(`${mode}: relay CPU by thread ${JSON.stringify(relayThreads, (_, v) => (typeof v === 'number' ? Number(v.toFixed(2)) : v))}`)
          await driver.call('fanoutCleanup', {})
          // reads of missed updates from PostgreSQL (gaps, sweeps): should stay near 0 while Redis is up
          let catchUps = 0
          if (mode === 'cluster') {
            for (const relay of relays) {
              const text = await (await fetch(`${relay.url}/metrics`)).text()
              catchUps += Number(/^shortlist_fanout_catch_ups_total (\S+)$/m.exec(text)?.[1] ?? 0)
            }
          }
          Object.assign(result, {
            catchUps,
            edits: run.edits,
            expectedDeliveries: run.expectedDeliveries,
            deliveries: run.latencies.length,
            lost: run.expectedDeliveries - run.latencies.length,
            p50Ms: quantile(run.latencies, 0.5),
            p99Ms: quantile(run.latencies, 0.99),
            crossP50Ms: quantile(run.crossLatencies, 0.5),
            crossP99Ms: quantile(run.crossLatencies, 0.99),
            crossDeliveries: run.crossLatencies.length,
            cpuSeconds: cpu,
            relaysCpuSeconds: relaysCpu,
            redisCpuSeconds: redisCpu,
            postgresCpuSeconds: postgresCpu,
            cpuMsPer1000Deliveries: (1e6 * cpu) / Math.max(1, run.latencies.length),
            reconnects: run.reconnects,
            relayThreads,
          })
        } finally {
          driver.kill()
        }
        log(`${mode}: fan-out done (${result.deliveries} deliveries, p50 ${result.p50Ms.toFixed(2)} ms)`)
        if (process.env.SHORTLIST_BENCH_FANOUT_ONLY) {
          figures[mode] = result
          continue
        }
        // memory per idle connection, summed over the relays
        driver = await startDriver(buildDir)
        try {
          await driver.call('warmUp', { target: { url: relays[0].url, prefix: '/sync', auth: true } })
          const idle = await driver.call('idle', { target, rooms: params.idleRooms, perRoom: params.idlePerRoom, serverPids: relays.map((relay) => relay.pid) })
          result.bytesPerIdleConnection = idle.bytesPerConnection
        } finally {
          driver.kill()
        }
        // initial sync of a 1,000-paper room: uploaded through the first relay, read through the last
        driver = await startDriver(buildDir)
        try {
          const first = { url: relays[0].url, prefix: '/sync', auth: true }
          const last = { url: relays[relays.length - 1].url, prefix: '/sync', auth: true }
          await driver.call('seedBigRoom', { target: first, papers: params.papers, key: 'big' })
          await sleep(500)
          const cold = await driver.call('freshSync', { target: last, key: 'big', keep: true })
          const warm = await driver.call('freshSync', { target: last, key: 'big', keep: false })
          await driver.call('releaseHeld', {})
          Object.assign(result, { coldSyncMs: cold.completeMs, warmSyncMs: warm.completeMs })
        } finally {
          driver.kill()
        }
      } finally {
        await Promise.all(relays.map((relay) => relay.stop()))
      }
      figures[mode] = result
    }
  } finally {
    await services.stop()
    rmSync(scratch, { recursive: true, force: true })
  }
  const s = figures.single
  const c = figures.cluster
  const rows = [
    ['lost deliveries', s.lost, c.lost, '', '0 everywhere', s.lost === 0 && c.lost === 0],
    ['deliveries', s.deliveries, c.deliveries, '', '', null],
    ['delivery p50 (all)', s.p50Ms, c.p50Ms, 'ms', '', null],
    ['delivery p99 (all)', s.p99Ms, c.p99Ms, 'ms', '', null],
    ['cross-relay delivery p50', NaN, c.crossP50Ms, 'ms', '≤ 3 ms', c.crossP50Ms <= 3],
    ['cross-relay delivery p99', NaN, c.crossP99Ms, 'ms', '', null],
    ['CPU per 1,000 deliveries (relays + Redis + PostgreSQL)', s.cpuMsPer1000Deliveries, c.cpuMsPer1000Deliveries, 'ms', '≤ 2.5× single', c.cpuMsPer1000Deliveries <= 2.5 * s.cpuMsPer1000Deliveries],
    ['  of which relays', (1e6 * s.relaysCpuSeconds) / s.deliveries, (1e6 * c.relaysCpuSeconds) / c.deliveries, 'ms', '', null],
    ['  of which Redis', NaN, (1e6 * c.redisCpuSeconds) / c.deliveries, 'ms', '', null],
    ['  of which PostgreSQL', NaN, (1e6 * c.postgresCpuSeconds) / c.deliveries, 'ms', '', null],
    ['catch-ups from PostgreSQL (all relays)', NaN, c.catchUps, '', '', null],
    ['memory per idle connection (relays)', s.bytesPerIdleConnection / 1024, c.bytesPerIdleConnection / 1024, 'KB', '', null],
    ['initial sync, 1,000 papers, cold', s.coldSyncMs, c.coldSyncMs, 'ms', '', null],
    ['initial sync, 1,000 papers, warm', s.warmSyncMs, c.warmSyncMs, 'ms', '', null],
  ]
  const fmt = (v) => (Number.isFinite(v) ? (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(2)) : '—')
  console.log(`\nCluster mode: ${params.rooms} rooms × ${params.clientsPerRoom} clients, ${params.rate} edits/s/room for ${params.durationMs / 1000} s\n`)
  console.log('| figure | 1 relay, SQLite | 3 relays, PostgreSQL + Redis | cluster / single | target |')
  console.log('| --- | ---: | ---: | ---: | --- |')
  for (const [label, single, cluster, unit, targetText, pass] of rows) {
    const ratio = Number.isFinite(single) && single !== 0 && Number.isFinite(cluster) ? `${(cluster / single).toFixed(2)}×` : ''
    const mark = pass === null ? '' : pass ? ' ✓' : ' ✗'
    console.log(`| ${label} | ${fmt(single)} ${unit} | ${fmt(cluster)} ${unit} | ${ratio} | ${targetText}${mark} |`)
  }
  mkdirSync(path.dirname(out), { recursive: true })
  writeFileSync(out, JSON.stringify({ params, figures }, null, 2) + '\n')
  console.log(`\nWrote ${out}`)
  return { rows, figures }
}
