/**
 * Rough memory figures for the relay (a sanity check; the side-by-side benchmark is the
 * authoritative one): the heap a loaded 1,000-paper room costs, and the memory per idle
 * connection. The relay runs in this process (so `gc()` gives steady numbers); the clients
 * run in a child process, so their memory is not counted.
 *
 * Run after `npm run build`: `node --expose-gc build/server/tools/measureRoomMemory.js`
 * Options: `--papers N` (1000), `--connections N` (1000), `--rooms N` (100).
 */
import { fork } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { WebSocket } from 'ws'
import * as Y from 'yjs'
import { addPaper, createList } from '../../src/doc/index.js'
import { CLAIM_PREFIX, TOKEN_PREFIX } from '../../src/protocol/access.js'
import { accessProtocols, newListLink, parseFragment } from '../../src/sync/access.js'
import { defaultConfig } from '../config.js'
import { hashTokenSync } from '../relay/accessCheck.js'
import { startRelay } from '../server.js'
import { openSqliteStorage } from '../storage/sqliteStorage.js'

const SELF = fileURLToPath(import.meta.url)

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`)
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback
  return Number.isInteger(value) && value > 0 ? value : fallback
}

/** A list of `count` papers of about 1 KB each, as one update. */
function bigList(count: number): Uint8Array {
  const doc = new Y.Doc()
  createList(doc, { name: 'Measured list' })
  for (let i = 0; i < count; i++) {
    const abstract = `Paper ${i}: ` + 'we study representations that transfer across tasks and measure them carefully. '.repeat(10)
    addPaper(doc, { title: `A study of transfer number ${i}`, authors: ['A. Author', 'B. Author'], arxivId: `2401.${String(10000 + i)}`, abstract, tags: ['ml'] }, 'member-1', 1_700_000_000_000 + i)
  }
  return Y.encodeStateAsUpdate(doc)
}

function syncStep1(): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, 0)
  encoding.writeVarUint(encoder, 0)
  encoding.writeVarUint8Array(encoder, Y.encodeStateVector(new Y.Doc()))
  return encoding.toUint8Array(encoder)
}

/** Opens a socket, sends sync step 1, resolves once the relay's sync step 2 arrived. */
function openSynced(url: string, listId: string, protocols: string[]): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/sync/${listId}`, protocols)
    ws.once('open', () => ws.send(syncStep1()))
    ws.once('error', reject)
    ws.on('message', (data: Buffer) => {
      const decoder = decoding.createDecoder(new Uint8Array(data))
      if (decoding.readVarUint(decoder) === 0 && decoding.readVarUint(decoder) === 1) resolve(ws)
    })
  })
}

/** Child process: opens sockets on request and reports when they are synced. */
function runClients(): void {
  const open: WebSocket[] = []
  process.on('message', (message: { url: string; rooms: Array<{ listId: string; protocols: string[]; sockets: number }> }) => {
    void (async () => {
      for (const room of message.rooms) {
        for (let i = 0; i < room.sockets; i++) open.push(await openSynced(message.url, room.listId, room.protocols))
      }
      process.send!('ready')
    })()
  })
}

/** Heap plus off-heap buffers after full collections (update bytes live in ArrayBuffers). */
function usedBytes(): { heap: number; buffers: number; total: number; rss: number } {
  const gc = (globalThis as { gc?: () => void }).gc
  if (!gc) throw new Error('run with node --expose-gc')
  for (let i = 0; i < 3; i++) gc()
  const usage = process.memoryUsage()
  return { heap: usage.heapUsed, buffers: usage.arrayBuffers, total: usage.heapUsed + usage.arrayBuffers, rss: usage.rss }
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`

async function main(): Promise<void> {
  const papers = option('papers', 1000)
  const connections = option('connections', 1000)
  const roomCount = option('rooms', 100)
  const dataDir = mkdtempSync(join(tmpdir(), 'shortlist-measure-'))
  try {
    const { listId, fragment: secret } = await newListLink()
    const protocols = await accessProtocols(parseFragment(secret)!)
    const update = bigList(papers)
    const seed = openSqliteStorage(dataDir)
    seed.claim(listId, {
      writeHash: hashTokenSync(protocols.find((p) => p.startsWith(TOKEN_PREFIX))!.slice(TOKEN_PREFIX.length)),
      readHash: protocols.find((p) => p.startsWith(CLAIM_PREFIX))!.slice(CLAIM_PREFIX.length),
    })
    seed.appendUpdate(listId, update)
    seed.close()

    const relay = await startRelay(defaultConfig({ dataDir, limits: { maxConnectionsPerAddress: connections + 10, handshakesPerMinutePerAddress: 1_000_000, maxFrameBytes: 8 * 1024 * 1024 } }))
    const child = fork(SELF, ['clients'], { stdio: 'inherit' })
    const ask = (rooms: Array<{ listId: string; protocols: string[]; sockets: number }>) =>
      new Promise<void>((resolve) => {
        child.once('message', () => resolve())
        child.send({ url: relay.url, rooms })
      })

    // Warm up code paths with one small room, so the first measurement does not count them.
    const warm = await newListLink()
    await ask([{ listId: warm.listId, protocols: await accessProtocols(parseFragment(warm.fragment)!), sockets: 2 }])
    const before = usedBytes()
    await ask([{ listId, protocols, sockets: 1 }])
    const loaded = usedBytes()
    const roomCost = loaded.total - before.total

    const rooms = await Promise.all(
      Array.from({ length: roomCount }, async (_, i) => {
        const link = await newListLink()
        return {
          listId: link.listId,
          protocols: await accessProtocols(parseFragment(link.fragment)!),
          sockets: Math.floor(connections / roomCount) + (i < connections % roomCount ? 1 : 0),
        }
      }),
    )
    const idleBefore = usedBytes()
    await ask(rooms)
    const idleAfter = usedBytes()

    console.log(`stored room: ${papers} papers, ${mb(update.length)}`)
    console.log(`loaded room: ${mb(roomCost)} (heap ${mb(loaded.heap - before.heap)}, buffers ${mb(loaded.buffers - before.buffers)}), ${(roomCost / update.length).toFixed(2)}x its stored size`)
    console.log(`idle connections: ${connections} over ${roomCount} rooms: ${kb((idleAfter.total - idleBefore.total) / connections)} per connection (heap + buffers), rss +${kb((idleAfter.rss - idleBefore.rss) / connections)} per connection`)
    child.kill()
    await relay.close()
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
}

if (process.argv[2] === 'clients') runClients()
else await main()
