/**
 * Test helpers for the relay: real relays (in-process on port 0, or a child process), real
 * SQLite files in temp folders, and real y-websocket clients with real access tokens.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { onTestFinished } from 'vitest'
import WS from 'ws'
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { accessProtocols, newListLink, parseFragment, readOnlyFragment } from '../../src/sync/access.js'
import { defaultConfig, type RelayConfigOverrides } from '../../server/config.js'
import { startRelay, type Relay } from '../../server/server.js'

/**
 * Registers clean-up for the end of the test. Concurrent tests must pass their own context's
 * `onTestFinished` (the global one cannot tell which test is running).
 */
export type OnFinished = (cleanup: () => void | Promise<void>) => void

/** A fresh temp folder removed when the test finishes. */
export function tempDir(prefix = 'shortlist-relay-', onFinished: OnFinished = onTestFinished): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  onFinished(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

/** Starts an in-process relay on a free port; closed when the test finishes. */
export async function startTestRelay(overrides: RelayConfigOverrides = {}): Promise<Relay> {
  const relay = await startRelay(defaultConfig(overrides))
  onTestFinished(() => relay.close())
  return relay
}

/** A new list: its id (derived from its write secret, as the app makes it), the secret and its read-only link fragment. */
export async function newList(): Promise<{ listId: string; secret: string; readOnly: string }> {
  const { listId, fragment } = await newListLink()
  return { listId, secret: fragment, readOnly: await readOnlyFragment(fragment) }
}

/** The subprotocols a client offers for a link fragment. */
export async function protocolsFor(fragment: string): Promise<string[]> {
  const access = parseFragment(fragment)
  if (!access) throw new Error('not a valid link fragment')
  return accessProtocols(access)
}

/** The websocket base (`ws://host:port/sync`) for a relay URL. */
export const syncBase = (relayUrl: string): string => relayUrl.replace(/^http/, 'ws') + '/sync'

/** A real y-websocket client on one list. */
export interface TestClient {
  doc: Y.Doc
  provider: WebsocketProvider
  /** Close events the client saw, in order. */
  closes: Array<{ code: number; reason: string }>
  /** Resolves when the provider has synced with the relay (again after a reconnect). */
  whenSynced(): Promise<void>
  destroy(): void
}

/** Connects a real `WebsocketProvider` (ws polyfill, no BroadcastChannel); destroyed after the test. */
export async function connectClient(
  relayUrl: string,
  listId: string,
  fragment: string,
  options: { doc?: Y.Doc; connect?: boolean; protocols?: string[]; onFinished?: OnFinished } = {},
): Promise<TestClient> {
  const doc = options.doc ?? new Y.Doc()
  const protocols = options.protocols ?? (await protocolsFor(fragment))
  const provider = new WebsocketProvider(syncBase(relayUrl), listId, doc, {
    WebSocketPolyfill: WS as unknown as typeof WebSocket,
    disableBc: true,
    protocols,
    connect: options.connect ?? true,
    maxBackoffTime: 300,
  })
  const closes: Array<{ code: number; reason: string }> = []
  provider.on('connection-close', (event) => {
    if (event) closes.push({ code: event.code, reason: event.reason })
  })
  const client: TestClient = {
    doc,
    provider,
    closes,
    whenSynced: () =>
      provider.synced
        ? Promise.resolve()
        : new Promise((resolve) => {
            const onSync = (synced: boolean) => {
              if (!synced) return
              provider.off('sync', onSync)
              resolve()
            }
            provider.on('sync', onSync)
          }),
    destroy: () => {
      provider.destroy()
      doc.destroy()
    },
  }
  ;(options.onFinished ?? onTestFinished)(() => client.destroy())
  return client
}

/** A raw websocket to `/sync/<listId>` with the given subprotocols, for hand-made frames. */
export interface RawSocket {
  ws: WS
  /** The protocol the relay selected. */
  protocol(): string
  /** Binary frames received so far. */
  received: Uint8Array[]
  opened: Promise<void>
  closed: Promise<{ code: number; reason: string }>
}

/** Opens a raw socket; closed after the test. */
export function openRawSocket(relayUrl: string, listId: string, protocols: string[], headers: Record<string, string> = {}): RawSocket {
  const ws = new WS(`${syncBase(relayUrl)}/${listId}`, protocols, { headers })
  const received: Uint8Array[] = []
  ws.binaryType = 'nodebuffer'
  ws.on('message', (data: Buffer) => received.push(new Uint8Array(data)))
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('error', reject)
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)))
  })
  opened.catch(() => {})
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() }))
  })
  onTestFinished(() => ws.terminate())
  return { ws, protocol: () => ws.protocol, received, opened, closed }
}

const ROOT = join(import.meta.dirname, '..', '..')
const MAIN = join(ROOT, 'build', 'server', 'main.js')
/** Another build to run instead (to measure a figure on an older version of the relay); skips the build check. */
const MAIN_OVERRIDE = process.env.SHORTLIST_TEST_RELAY_MAIN

/** The relay's sources, read from `tsconfig.server.json`'s `include` (dir globs and single files). */
function relaySources(): string[] | null {
  const config = JSON.parse(readFileSync(join(ROOT, 'tsconfig.server.json'), 'utf8')) as { include?: string[] }
  const sources: string[] = []
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && !entry.name.endsWith('.d.ts')) sources.push(path)
    }
  }
  for (const pattern of config.include ?? []) {
    if (pattern.endsWith('/**/*.ts')) walk(join(ROOT, pattern.slice(0, -'/**/*.ts'.length)))
    else if (pattern.endsWith('.ts') && !pattern.includes('*')) sources.push(join(ROOT, pattern))
    else return null
  }
  return sources
}

/** Whether every relay source has a compiled file in `build/` at least as new as itself. */
function relayBuildIsFresh(): boolean {
  const sources = relaySources()
  if (!sources || !existsSync(MAIN)) return false
  return sources.every((source) => {
    const output = join(ROOT, 'build', relative(ROOT, source).replace(/\.ts$/, '.js'))
    return existsSync(output) && statSync(output).mtimeMs >= statSync(source).mtimeMs
  })
}

/**
 * Makes sure `build/server/main.js` is compiled from the current sources, so tests can spawn
 * it: runs `tsc -p tsconfig.server.json` only when a source is newer than its output (or
 * `build/` does not exist yet, as on a fresh clone). Returns the path of `main.js`.
 */
export function buildRelay(): string {
  if (MAIN_OVERRIDE) return MAIN_OVERRIDE
  if (relayBuildIsFresh()) return MAIN
  const result = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.server.json')], {
    cwd: ROOT,
    encoding: 'utf8',
  })
  if (!existsSync(MAIN) || !relayBuildIsFresh()) throw new Error(`relay build failed:\n${result.stdout}${result.stderr}`)
  return MAIN
}

/** A relay running as a child process. */
export interface RelayProcess {
  url: string
  child: ChildProcess
  /** Every stdout line parsed as JSON (non-JSON lines kept as `{ raw }`). */
  logs: Array<Record<string, unknown>>
  /** Resolves with the exit code/signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

/**
 * Spawns `node build/server/main.js` with PORT=0 and waits for its `relay.listening` line.
 * Killed when the test finishes, unless `outliveTest` (then the caller kills it). `prlimit`
 * runs it under resource limits (e.g. `--nofile=256`, `--fsize=1000000`; util-linux
 * `prlimit` execs the relay, so the child's pid is the relay's).
 */
export async function spawnRelay(
  env: Record<string, string>,
  options: { outliveTest?: boolean; onFinished?: OnFinished; prlimit?: string[] } = {},
): Promise<RelayProcess> {
  const main = MAIN_OVERRIDE ?? MAIN
  const [command, args] = options.prlimit ? ['prlimit', [...options.prlimit, process.execPath, main]] : [process.execPath, [main]]
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', SHORTLIST_STATIC_DIR: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const logs: Array<Record<string, unknown>> = []
  let stderr = ''
  child.stderr!.on('data', (chunk) => (stderr += String(chunk)))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })))
  if (!options.outliveTest) {
    ;(options.onFinished ?? onTestFinished)(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    })
  }
  const url = await new Promise<string>((resolve, reject) => {
    let buffer = ''
    const timer = setTimeout(() => reject(new Error(`relay did not start:\n${stderr}`)), 15_000)
    child.stdout!.on('data', (chunk) => {
      buffer += String(chunk)
      let newline
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, newline)
        buffer = buffer.slice(newline + 1)
        let entry: Record<string, unknown>
        try {
          entry = JSON.parse(line) as Record<string, unknown>
        } catch {
          entry = { raw: line }
        }
        logs.push(entry)
        if (entry.msg === 'relay.listening' && typeof entry.url === 'string') {
          clearTimeout(timer)
          resolve(entry.url)
        }
      }
    })
    void exited.then(({ code }) => reject(new Error(`relay exited (${code}) before listening:\n${stderr}`)))
  })
  return { url, child, logs, exited }
}

/** Waits until `predicate` holds, polling; throws with `message` after `timeoutMs`. */
export async function until(predicate: () => boolean, message: string, timeoutMs = 10_000): Promise<void> {
  const started = Date.now()
  while (!predicate()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out: ${message}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}
