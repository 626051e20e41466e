/**
 * Starts and stops the relays under test, each in its own process on 127.0.0.1:
 * - `shortlist`: Shortlist's relay (`build/server/main.js`) with the Node flags of `npm run
 *   relay`, SQLite on disk, limits raised so one load-driving address may hold thousands of
 *   sockets;
 * - `baseline-memory`: `@y/websocket-server` 0.1.1 as shipped, rooms in memory only;
 * - `baseline-leveldb`: the same with its LevelDB persistence (`YPERSISTENCE`).
 * Every relay gets the same GC hook (`--expose-gc --require gc-hook.cjs`); each baseline runs
 * as its package ships it, with no other flags.
 */
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'

const here = path.dirname(fileURLToPath(import.meta.url))
export const repoRoot = path.resolve(here, '../..')
const gcHook = path.join(here, 'gc-hook.cjs')
const baselineEntry = path.join(repoRoot, 'node_modules/@y/websocket-server/src/server.js')

/** The relays this benchmark knows, in report order. */
export const SERVER_KINDS = ['shortlist', 'baseline-memory', 'baseline-leveldb']

/** Whether a relay kind keeps rooms on disk (survives a restart). */
export const isPersistent = (kind) => kind !== 'baseline-memory'

/** How clients reach a relay kind: URL prefix for rooms and whether it checks access tokens. */
export const targetShape = (kind) => (kind === 'shortlist' ? { prefix: '/sync', auth: true } : { prefix: '', auth: false })

async function freePort() {
  const server = createServer()
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address()
  await new Promise((resolve) => server.close(resolve))
  return port
}

const NODE_FLAGS = ['--expose-gc', '--require', gcHook]

/**
 * The Node flags Shortlist's relay is run with: those of `npm run relay` (package.json), which
 * `npm start` uses, so the benchmark measures the relay as it is deployed.
 */
const SHORTLIST_NODE_FLAGS = (() => {
  const script = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).scripts.relay
  const words = script.trim().split(/\s+/)
  return words.slice(words.indexOf('node') + 1).filter((word) => word.startsWith('--'))
})()

/**
 * Starts one relay of `kind` storing its rooms in `dataDir` (ignored by the in-memory
 * baseline). Resolves to `{ kind, pid, url, stop, kill }` once it accepts connections.
 * `profileDir`: the relay runs with `--cpu-prof` and writes its profile there when it stops
 * (`node bench/relay/profile.mjs <folder>` summarises them).
 */
export async function startServer(kind, dataDir, { buildDir = path.join(repoRoot, 'build'), env: extraEnv = {}, profileDir = null } = {}) {
  const profileFlags = profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : []
  let args
  let env = { ...process.env, HOST: '127.0.0.1' }
  let ready
  if (kind === 'shortlist') {
    args = [...SHORTLIST_NODE_FLAGS, ...NODE_FLAGS, ...profileFlags, path.join(buildDir, 'server/main.js')]
    env = {
      ...env,
      PORT: '0',
      SHORTLIST_DATA_DIR: dataDir,
      SHORTLIST_STATIC_DIR: path.join(repoRoot, 'dist'),
      SHORTLIST_MAX_CONNECTIONS_PER_ADDRESS: '100000',
      SHORTLIST_HANDSHAKES_PER_MINUTE: '10000000',
      SHORTLIST_MAX_SOCKETS_PER_ADDRESS: '100000',
      SHORTLIST_NEW_ROOMS_PER_HOUR: '100000',
      ...extraEnv,
    }
    ready = (line) => {
      if (!line.startsWith('{')) return null
      try {
        const entry = JSON.parse(line)
        return entry.msg === 'relay.listening' && typeof entry.url === 'string' ? entry.url : null
      } catch {
        return null
      }
    }
  } else {
    const port = await freePort()
    args = [...NODE_FLAGS, baselineEntry]
    env = { ...env, PORT: String(port) }
    delete env.YPERSISTENCE
    if (kind === 'baseline-leveldb') env.YPERSISTENCE = dataDir
    else if (kind !== 'baseline-memory') throw new Error(`unknown server kind ${kind}`)
    ready = (line) => (line.startsWith('running at') ? `http://127.0.0.1:${port}` : null)
  }
  const child = spawn(process.execPath, args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] })
  const stderr = []
  createInterface({ input: child.stderr }).on('line', (line) => {
    stderr.push(line)
    if (stderr.length > 50) stderr.shift()
  })
  const lines = createInterface({ input: child.stdout })
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })))
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${kind} did not start in 20 s:\n${stderr.join('\n')}`)), 20_000)
    lines.on('line', (line) => {
      const found = ready(line)
      if (found) {
        clearTimeout(timer)
        resolve(found)
      }
    })
    exited.then(({ code, signal }) => {
      clearTimeout(timer)
      reject(new Error(`${kind} exited (${code ?? signal}) before listening:\n${stderr.join('\n')}`))
    })
  })
  await sleep(200)
  return {
    kind,
    pid: child.pid,
    url,
    exited,
    /** Stops the relay gracefully (SIGTERM), SIGKILL after 5 s. */
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
      await exited
      clearTimeout(timer)
    },
  }
}
