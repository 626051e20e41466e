/**
 * `npm run soak`: every attack shape at once against one relay process for a minute
 * (`SHORTLIST_SOAK_SECONDS`), while honest writers in other rooms time how long their edits
 * take to reach a second device. Prints the honest p50/p99, `/healthz` answer times and the
 * relay's peak RSS; fails only if the relay dies or an honest edit is lost.
 *
 * Each actor connects from its own loopback address (127.0.0.x), as separate hosts would, so
 * per-address limits apply to the attacker and not to the honest clients.
 */
import { request } from 'node:http'
import { connect as tcpConnect, type Socket } from 'node:net'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { expect, test } from 'vitest'
import WS from 'ws'
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { bigDocument, deepAwarenessFrame, parkedUpdate, stepOneFrame, updateFrame } from '../helpers/attacks.js'
import { reverseDependencyChain } from '../helpers/relayFrames.js'
import { peakRssBytes, rssBytes, timeHealthz } from '../helpers/relayAttack.js'
import { buildRelay, newList, protocolsFor, spawnRelay, syncBase, tempDir, type RelayProcess } from '../helpers/relayClient.js'

const SECONDS = Number(process.env.SHORTLIST_SOAK_SECONDS ?? 60)
const HONEST_ROOMS = 10
const HONEST_EDIT_EVERY_MS = 100

/** A loopback source address per actor: separate "hosts" for the relay's per-address limits. */
let nextHost = 10
const newHost = (): string => `127.0.0.${nextHost++}`

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function percentile(values: number[], p: number): number {
  if (!values.length) return NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}

/** A `ws` class bound to one source address, for y-websocket's `WebSocketPolyfill`. */
function socketFrom(host: string): typeof WebSocket {
  return class extends WS {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { localAddress: host })
    }
  } as unknown as typeof WebSocket
}

/** Opens a raw socket from `host`; resolves when open (or rejects on refusal). */
function rawSocket(relay: RelayProcess, listId: string, protocols: string[], host: string): Promise<WS> {
  const ws = new WS(`${syncBase(relay.url)}/${listId}`, protocols, { localAddress: host })
  ws.on('error', () => {})
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws))
    ws.once('close', () => reject(new Error('closed')))
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)))
  })
}

/** How long `/healthz` takes to answer from a probe address, in ms (Infinity if it fails). */
const healthzMs = (relay: RelayProcess): Promise<number> =>
  timeHealthz(relay.url, '127.0.0.2').then(({ status, ms }) => (status === 200 ? ms : Infinity), () => Infinity)

/** Megabytes, for the report. */
const mb = (bytes: number): number => bytes / 1024 / 1024

/** Repeats `attack` until `stop` is set, swallowing its failures (the relay refusing it is the point). */
async function keepAttacking(name: string, counts: Record<string, number>, stop: { done: boolean }, attack: () => Promise<void>): Promise<void> {
  counts[name] = 0
  while (!stop.done) {
    try {
      await attack()
      counts[name]! += 1
    } catch {
      await sleep(50)
    }
  }
}

test(`soak: ${SECONDS} s of every attack shape at once; honest rooms keep syncing`, { timeout: (SECONDS + 120) * 1000 }, async () => {
  buildRelay()
  const relay = await spawnRelay({ SHORTLIST_DATA_DIR: tempDir('shortlist-soak-') })
  const pid = relay.child.pid!

  // Honest rooms: a writer stamps an edit every 100 ms, a reader times its arrival.
  const honestHost = '127.0.0.3'
  const latencies: number[] = []
  let sent = 0
  const honest: Array<{ writer: WebsocketProvider; reader: WebsocketProvider; docs: Y.Doc[] }> = []
  for (let i = 0; i < HONEST_ROOMS; i++) {
    const list = await newList()
    const protocols = await protocolsFor(list.secret)
    const options = { WebSocketPolyfill: socketFrom(honestHost), disableBc: true, protocols, maxBackoffTime: 500 }
    const writerDoc = new Y.Doc()
    const readerDoc = new Y.Doc()
    const writer = new WebsocketProvider(syncBase(relay.url), list.listId, writerDoc, options)
    const reader = new WebsocketProvider(syncBase(relay.url), list.listId, readerDoc, options)
    readerDoc.getMap('stamps').observe((event) => {
      for (const key of event.keysChanged) latencies.push(performance.now() - Number(readerDoc.getMap('stamps').get(key)))
    })
    honest.push({ writer, reader, docs: [writerDoc, readerDoc] })
  }
  await Promise.all(honest.flatMap(({ writer, reader }) => [writer, reader].map((p) => new Promise((r) => (p.synced ? r(null) : p.once('sync', r))))))

  const stop = { done: false }
  const counts: Record<string, number> = {}
  const attackList = await newList()
  const attackWrite = await protocolsFor(attackList.secret)
  const attackRead = await protocolsFor(attackList.readOnly)
  // The big room the slow readers ask for, again and again (~2 MB).
  const bigList = await newList()
  const bigHost = newHost()
  const seeder = await rawSocket(relay, bigList.listId, await protocolsFor(bigList.secret), bigHost)
  seeder.send(updateFrame(Y.encodeStateAsUpdate(bigDocument(1_900_000))))
  await sleep(500)
  seeder.close()
  const bigRead = await protocolsFor(bigList.readOnly)

  // Attack payloads are built once, so the attackers cost this process (and its timing) little.
  let clientSeq = 2_000_000
  const chains = Array.from({ length: 4 }, (_, i) => updateFrame(reverseDependencyChain(8_000, { firstClient: 1_000_000 + i * 10_000 })))
  const claimPayload = updateFrame(Y.encodeStateAsUpdate(bigDocument(200_000, 4)))
  const parked = Array.from({ length: 200 }, (_, i) => updateFrame(parkedUpdate(3_000_000 + i, 999_999_999)))
  const deepAwareness = deepAwarenessFrame(4_000_000, 5_000)
  const attacks = [
    // 1. A 5,000-deep awareness state, then another peer joins the same room.
    keepAttacking('deep awareness', counts, stop, async () => {
      const host = newHost()
      const ws = await rawSocket(relay, attackList.listId, attackRead, host)
      ws.send(deepAwareness)
      const other = await rawSocket(relay, attackList.listId, attackRead, host)
      await sleep(200)
      ws.terminate()
      other.terminate()
    }),
    // 2. 8,000 clients of one item each in reverse dependency order.
    keepAttacking('chain of clients', counts, stop, async () => {
      const ws = await rawSocket(relay, attackList.listId, attackWrite, newHost())
      ws.send(chains[clientSeq++ % chains.length]!)
      await sleep(500)
      ws.terminate()
    }),
    // 3. Many connections holding many updates that wait for dependencies, while a writer commits.
    keepAttacking('parked updates', counts, stop, async () => {
      const host = newHost()
      const sockets = await Promise.all(Array.from({ length: 20 }, () => rawSocket(relay, attackList.listId, attackWrite, host)))
      for (const ws of sockets) for (const frame of parked) ws.send(frame)
      const committer = new Y.Doc()
      for (let i = 0; i < 50; i++) {
        committer.getMap('papers').set(`title|c${i}`, `commit ${i}`)
        sockets[0]!.send(updateFrame(Y.encodeStateAsUpdate(committer)))
      }
      await sleep(300)
      for (const ws of sockets) ws.terminate()
    }),
    // 4. A read-only member asks for the 2 MB room 400 times and stops reading.
    keepAttacking('slow reader', counts, stop, async () => {
      const ws = await rawSocket(relay, bigList.listId, bigRead, newHost())
      ws.pause()
      for (let i = 0; i < 400; i++) ws.send(stepOneFrame())
      await sleep(2_000)
      ws.terminate()
    }),
    // 5. Claims of new rooms as fast as the relay takes them.
    keepAttacking('claims', counts, stop, async () => {
      const list = await newList()
      const ws = await rawSocket(relay, list.listId, await protocolsFor(list.secret), newHost())
      ws.send(claimPayload)
      await sleep(50)
      ws.terminate()
    }),
    // 6. Slow HTTP: sockets that send a request one byte every second.
    keepAttacking('slowloris', counts, stop, async () => {
      const url = new URL(relay.url)
      const host = newHost()
      const sockets: Socket[] = Array.from({ length: 50 }, () => tcpConnect({ host: url.hostname, port: Number(url.port), localAddress: host }).on('error', () => {}))
      const line = 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: '
      for (let i = 0; i < 10 && !stop.done; i++) {
        for (const socket of sockets) socket.write(line[i % line.length]!)
        await sleep(1_000)
      }
      for (const socket of sockets) socket.destroy()
    }),
    // 7. Lookups of 50 DOIs each, never waited for.
    keepAttacking('lookup flood', counts, stop, async () => {
      const ids = Array.from({ length: 50 }, (_, i) => `doi:10.1234/soak.${clientSeq++}.${i}`).join(',')
      const req = request(`${relay.url}/api/lookup?ids=${encodeURIComponent(ids)}`, { localAddress: newHost() })
      req.on('error', () => {})
      req.end()
      await sleep(20)
      req.destroy()
    }),
  ]

  // Honest edits and probes for the whole run. This process's own event-loop delay is reported
  // too: it is part of every latency measured here.
  const ownDelay = monitorEventLoopDelay({ resolution: 10 })
  ownDelay.enable()
  const healthz: number[] = []
  const probes: Promise<void>[] = []
  const rss: number[] = []
  const started = Date.now()
  while (Date.now() - started < SECONDS * 1000) {
    for (const { docs } of honest) {
      docs[0]!.getMap('stamps').set(`s${sent}`, performance.now())
      sent += 1
    }
    if (sent % (HONEST_ROOMS * 2) === 0) {
      probes.push(healthzMs(relay).then((ms) => void healthz.push(ms)))
      rss.push(mb(rssBytes(pid)))
    }
    await sleep(HONEST_EDIT_EVERY_MS)
  }
  stop.done = true
  await Promise.race([Promise.all(attacks), sleep(15_000)])
  await Promise.all(probes)

  // Every honest edit arrives.
  const deadline = Date.now() + 15_000
  while (latencies.length < sent && Date.now() < deadline) await sleep(100)
  const peak = mb(peakRssBytes(pid))
  const alive = relay.child.exitCode === null && relay.child.signalCode === null
  const lines = [
    `soak ${SECONDS} s, attacks run: ${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ')}`,
    `honest edits: ${sent} sent, ${latencies.length} received; latency p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms, max ${Math.max(...latencies).toFixed(1)} ms`,
    `/healthz: p50 ${percentile(healthz, 50).toFixed(1)} ms, p99 ${percentile(healthz, 99).toFixed(1)} ms, max ${Math.max(...healthz).toFixed(1)} ms (${healthz.length} probes)`,
    `this process's own event-loop delay: p99 ${(ownDelay.percentile(99) / 1e6).toFixed(1)} ms`,
    `relay RSS: median ${percentile(rss, 50).toFixed(0)} MB, peak ${peak.toFixed(0)} MB; alive: ${alive}`,
  ]
  console.log(lines.join('\n'))
  for (const { writer, reader, docs } of honest) {
    writer.destroy()
    reader.destroy()
    for (const doc of docs) doc.destroy()
  }
  expect(alive).toBe(true)
  expect(latencies.length).toBe(sent)
})
