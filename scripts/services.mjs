#!/usr/bin/env node
/**
 * PostgreSQL and Redis for the relay cluster's tests and benchmark: both from Debian's
 * packages (`postgresql`, `redis-server`), started on free loopback ports with their data in
 * a temporary folder, and stopped (folder removed) at the end.
 *
 *   node scripts/services.mjs -- <command> [args...]   start, run the command with
 *       SHORTLIST_TEST_DATABASE_URL and SHORTLIST_TEST_REDIS_URL set, stop; exits with its status
 *   node scripts/services.mjs                          start, print the URLs, stop on Ctrl-C
 *
 * As a module: `startServices()` resolves to `{ databaseUrl, redisUrl, stopPostgres,
 * startPostgres, stopRedis, startRedis, stop }` (the fault tests stop and restart each).
 * PostgreSQL refuses to run as root, so as root its tools run as the `postgres` user.
 */
import { execFileSync, spawn } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, chmodSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** Where Debian installs PostgreSQL's server binaries (newest version first; `SHORTLIST_PG_BIN` overrides), or null. */
export function postgresBinDir() {
  const override = process.env.SHORTLIST_PG_BIN
  if (override) return existsSync(path.join(override, 'initdb')) ? override : null
  const root = '/usr/lib/postgresql'
  if (!existsSync(root)) return null
  const versions = readdirSync(root).filter((v) => existsSync(path.join(root, v, 'bin/initdb'))).sort((a, b) => Number(b) - Number(a))
  return versions.length > 0 ? path.join(root, versions[0], 'bin') : null
}

/** The redis-server binary (`SHORTLIST_REDIS_SERVER` overrides), or null. */
export function redisServerPath() {
  const override = process.env.SHORTLIST_REDIS_SERVER
  if (override) return existsSync(override) ? override : null
  for (const candidate of ['/usr/bin/redis-server', '/usr/local/bin/redis-server']) if (existsSync(candidate)) return candidate
  return null
}

/** Why the services cannot start here (naming the Debian packages to install), or null. */
export function missingServices() {
  const missing = []
  if (!postgresBinDir()) missing.push('postgresql')
  if (!redisServerPath()) missing.push('redis-server')
  if (missing.length === 0) return null
  return `PostgreSQL and Redis are needed for the relay cluster tests; missing: ${missing.join(', ')}. Install them with: apt-get install -y ${missing.join(' ')}`
}

/** A free TCP port on 127.0.0.1. */
async function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolvePort(port))
    })
  })
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0

/** Runs a PostgreSQL tool, as the `postgres` user when we are root. */
function pgTool(bin, args) {
  const command = isRoot ? 'runuser' : bin
  const full = isRoot ? ['-u', 'postgres', '--', bin, ...args] : args
  return execFileSync(command, full, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' })
}

/** Resolves once something accepts TCP connections on the port (bounded: `timeoutMs`). */
async function waitForPort(port, timeoutMs) {
  const { connect } = await import('node:net')
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const open = await new Promise((done) => {
      const socket = connect(port, '127.0.0.1')
      socket.once('connect', () => (socket.destroy(), done(true)))
      socket.once('error', () => done(false))
    })
    if (open) return
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`)
}

/** Starts PostgreSQL and Redis on free loopback ports in a new temporary folder. */
export async function startServices() {
  const problem = missingServices()
  if (problem) throw new Error(problem)
  const bin = postgresBinDir()
  const root = mkdtempSync(path.join(tmpdir(), 'shortlist-services-'))
  chmodSync(root, 0o755)
  const pgData = path.join(root, 'pg')
  const pgPort = await freePort()
  const redisPort = await freePort()
  if (isRoot) {
    execFileSync('mkdir', ['-p', pgData])
    const { uid, gid } = userIds('postgres')
    chownSync(pgData, uid, gid)
  }
  pgTool(path.join(bin, 'initdb'), ['-D', pgData, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8'])
  const pgOptions = `-p ${pgPort} -k ${pgData} -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=64MB`
  const startPostgres = async () => {
    pgTool(path.join(bin, 'pg_ctl'), ['-D', pgData, '-o', pgOptions, '-l', path.join(pgData, 'server.log'), '-w', 'start'])
  }
  const stopPostgres = async (mode = 'fast') => {
    try {
      pgTool(path.join(bin, 'pg_ctl'), ['-D', pgData, '-m', mode, '-w', 'stop'])
    } catch {
      // already stopped
    }
  }
  await startPostgres()

  let redis = null
  const startRedis = async () => {
    redis = spawn(redisServerPath(), ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', root], { stdio: 'ignore' })
    await waitForPort(redisPort, 10_000)
  }
  const stopRedis = async () => {
    const child = redis
    redis = null
    if (!child || child.exitCode !== null) return
    await new Promise((done) => {
      child.once('exit', done)
      child.kill('SIGKILL')
    })
  }
  await startRedis()

  let stopped = false
  return {
    /** Process ids of Redis and of PostgreSQL (the postmaster and its backends), for CPU and memory readings. */
    pids() {
      const postmaster = Number(readFileSync(path.join(pgData, 'postmaster.pid'), 'utf8').split('\n')[0])
      const backends = readdirSync('/proc').filter((name) => /^\d+$/.test(name)).filter((pid) => {
        try {
          const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
          return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === postmaster
        } catch {
          return false
        }
      })
      return { redis: redis?.pid ?? null, postgres: [postmaster, ...backends.map(Number)] }
    },
    databaseUrl: `postgres://postgres@127.0.0.1:${pgPort}/postgres`,
    redisUrl: `redis://127.0.0.1:${redisPort}`,
    startPostgres,
    stopPostgres,
    startRedis,
    stopRedis,
    async stop() {
      if (stopped) return
      stopped = true
      await stopRedis()
      await stopPostgres('immediate')
      rmSync(root, { recursive: true, force: true })
    },
  }
}

/** Numeric uid and gid of a user (from `id`). */
function userIds(user) {
  const uid = Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim())
  const gid = Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim())
  return { uid, gid }
}

// ---- command line ------------------------------------------------------------------------

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dash = process.argv.indexOf('--')
  const command = dash >= 0 ? process.argv.slice(dash + 1) : []
  let services
  try {
    services = await startServices()
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error))
    process.exit(1)
  }
  const env = { ...process.env, SHORTLIST_TEST_DATABASE_URL: services.databaseUrl, SHORTLIST_TEST_REDIS_URL: services.redisUrl }
  if (command.length === 0) {
    console.log(`PostgreSQL: ${services.databaseUrl}\nRedis:      ${services.redisUrl}\nCtrl-C stops both and removes their data.`)
    const stop = () => services.stop().then(() => process.exit(0))
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  } else {
    const child = spawn(command[0], command.slice(1), { stdio: 'inherit', env })
    const code = await new Promise((done) => child.once('exit', (status) => done(status ?? 1)))
    await services.stop()
    process.exit(code)
  }
}
