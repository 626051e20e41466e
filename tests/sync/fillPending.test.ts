import { createServer } from 'node:http'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import Database from 'better-sqlite3'
import { expect, onTestFinished, test, vi } from 'vitest'
import * as Y from 'yjs'
import { addPaper, editPaper, readPaper } from '../../src/doc/index.js'
import type { PaperId } from '../../src/doc/index.js'
import { makeHttpLookup, startFillingPending } from '../../src/sync/fillPending.js'
import { lookupBaseUrl } from '../../src/sync/relayHttpBase.js'
import type { FillPendingOptions, LookupFn } from '../../src/sync/fillPending.js'
import { createLookupRoute } from '../../server/lookup/index.js'
import { makeFixtureFetch, makeTestClock } from '../server/lookup/fixtureFetch.js'

const LORA = 'arxiv:2106.09685' as PaperId
const ADS = 'arxiv:hep-th/9711200' as PaperId
const MISSING = 'arxiv:2401.99999' as PaperId
const PARROTS = 'doi:10.1145/3442188.3445922' as PaperId

/** A real HTTP server on port 0; `override` may answer a request before the lookup route does. */
async function startLookupServer(override?: (req: IncomingMessage, res: ServerResponse) => boolean) {
  const clock = makeTestClock()
  const upstream = makeFixtureFetch({}, clock.now)
  const db = new Database(':memory:')
  const route = createLookupRoute({ db, fetch: upstream.fetch, now: clock.now, sleep: clock.sleep })
  const requests: { at: number; ids: string[]; path: string }[] = []
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://test')
    requests.push({ at: Date.now(), ids: (url.searchParams.get('ids') ?? '').split(','), path: url.pathname })
    if (override?.(req, res)) return
    if (!route.handle(req, res)) res.writeHead(404).end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  onTestFinished(async () => {
    route.close()
    await new Promise<void>((resolve) => server.close(() => resolve()))
    db.close()
  })
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, upstream }
}

function start(doc: Y.Doc, options: FillPendingOptions) {
  const filler = startFillingPending(doc, { settleMs: 0, jitterMs: 0, random: () => 0.5, ...options })
  onTestFinished(() => filler.destroy())
  return filler
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

test('a paper added by id while offline stays pending, then fills in once online', async () => {
  const relay = await startLookupServer()
  const doc = new Y.Doc()
  addPaper(doc, { arxivId: 'arXiv:2106.09685v2' }, 'm1')
  expect(readPaper(doc, LORA)).toMatchObject({ pending: true, title: '2106.09685' })
  let online = false
  let notify = () => {}
  start(doc, { lookup: makeHttpLookup(relay.url), isOnline: () => online, onOnlineChange: (listener) => ((notify = listener), () => {}) })
  await sleep(100)
  expect(relay.requests).toHaveLength(0)
  expect(readPaper(doc, LORA)?.pending).toBe(true)

  online = true
  notify()
  await vi.waitFor(() => expect(readPaper(doc, LORA)?.pending).toBe(false))
  expect(readPaper(doc, LORA)).toMatchObject({
    title: 'LoRA: Low-Rank Adaptation of Large Language Models',
    authors: expect.arrayContaining(['Edward J. Hu', 'Weizhu Chen']),
    published: '2021-06-17',
    codeUrl: 'https://github.com/microsoft/LoRA',
    upvotes: 47,
  })
  expect(relay.requests).toHaveLength(1)
  expect(relay.upstream.arxivCalls()).toHaveLength(1)
})

test('a field a member edited by hand is never overwritten by the lookup', async () => {
  const relay = await startLookupServer()
  const doc = new Y.Doc()
  addPaper(doc, { arxivId: 'hep-th/9711200' }, 'm1')
  editPaper(doc, ADS, { title: 'Maldacena: the AdS/CFT paper' })
  const filler = start(doc, { lookup: makeHttpLookup(relay.url), isOnline: () => true })
  await filler.fillNow()
  expect(readPaper(doc, ADS)).toMatchObject({
    title: 'Maldacena: the AdS/CFT paper',
    authors: ['Juan M. Maldacena'],
    doi: '10.1023/a:1026654312961',
    venue: 'Adv.Theor.Math.Phys.2:231-252,1998',
    pending: false,
  })
  expect(readPaper(doc, ADS)?.abstract).toMatch(/^We show that the large \$N\$ limit/)
})

test('one request fills arXiv and DOI papers; an unknown id keeps its marker and is not asked again at once', async () => {
  const relay = await startLookupServer()
  const byId = () => relay.requests.filter((request) => request.path === '/api/lookup')
  const doc = new Y.Doc()
  for (const input of [{ arxivId: '2106.09685' }, { doi: '10.1145/3442188.3445922' }, { arxivId: '2401.99999' }]) addPaper(doc, input, 'm1')
  addPaper(doc, { title: 'A paper with only a title' }, 'm1') // asked by title, on its own route
  const filler = start(doc, { lookup: makeHttpLookup(relay.url), isOnline: () => true })
  await filler.fillNow()
  expect(byId()).toHaveLength(1)
  expect(relay.requests.filter((request) => request.path === '/api/lookup/titles')).toHaveLength(1)
  expect(byId()[0]!.ids.sort()).toEqual([LORA, MISSING, PARROTS].sort())
  expect(readPaper(doc, LORA)?.pending).toBe(false)
  expect(readPaper(doc, PARROTS)).toMatchObject({ pending: false, title: expect.stringContaining('Stochastic Parrots'), published: '2021-03-03' })
  expect(readPaper(doc, MISSING)?.pending).toBe(true)
  await filler.fillNow()
  await sleep(150)
  expect(byId()).toHaveLength(1)
})

test('when the relay fails, retries back off (50, 100, 200 ms) and then fill in', async () => {
  let failuresLeft = 3
  const relay = await startLookupServer((_req, res) => {
    if (failuresLeft-- <= 0) return false
    res.writeHead(503).end()
    return true
  })
  const errors: unknown[] = []
  const doc = new Y.Doc()
  addPaper(doc, { arxivId: '2106.09685' }, 'm1')
  start(doc, { lookup: makeHttpLookup(relay.url), isOnline: () => true, retryBaseMs: 50, retryMaxMs: 1_000, onError: (error) => errors.push(error) })
  await vi.waitFor(() => expect(readPaper(doc, LORA)?.pending).toBe(false), { timeout: 5_000 })
  expect(relay.requests).toHaveLength(4)
  expect(errors.map(String)).toEqual(Array(3).fill('Error: The lookup failed (HTTP 503).'))
  const gaps = relay.requests.slice(1).map((request, index) => request.at - relay.requests[index]!.at)
  expect(gaps[0]).toBeGreaterThanOrEqual(45)
  expect(gaps[1]).toBeGreaterThanOrEqual(95)
  expect(gaps[2]).toBeGreaterThanOrEqual(190)
})

test('one device fills a paper; another that receives the answer never asks', async () => {
  const relay = await startLookupServer()
  const a = new Y.Doc()
  const b = new Y.Doc()
  a.on('update', (update: Uint8Array) => Y.applyUpdate(b, update))
  b.on('update', (update: Uint8Array) => Y.applyUpdate(a, update))
  addPaper(b, { arxivId: '2106.09685' }, 'm2')
  const lookup = makeHttpLookup(relay.url)
  const askedByB: string[][] = []
  start(b, { lookup: (ids) => (askedByB.push(ids), lookup(ids)), isOnline: () => true, settleMs: 400 })
  start(a, { lookup, isOnline: () => true })
  await vi.waitFor(() => expect(readPaper(b, LORA)?.pending).toBe(false))
  await sleep(500)
  expect(askedByB).toEqual([])
  expect(relay.requests).toHaveLength(1)
})

test('makeHttpLookup rejects a bad answer and drops unsafe links from a good one', async () => {
  let body = '{"results":{"arxiv:2106.09685":{"ok":true,"paper":{"title":"T","codeUrl":"javascript:alert(1)","authors":["A",3],"upvotes":"9"}}}}'
  const relay = await startLookupServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end(body)
    return true
  })
  const lookup = makeHttpLookup(relay.url + '/')
  expect(await lookup([LORA])).toEqual({ [LORA]: { ok: true, paper: { title: 'T', authors: ['A'] } } })
  body = '[]'
  await expect(lookup([LORA])).rejects.toThrow('unexpected answer')
  body = 'not json'
  await expect(lookup([LORA])).rejects.toThrow()
})

test('the lookup base comes from the sync URL', () => {
  expect(lookupBaseUrl('wss://lab.example.org/sync')).toBe('https://lab.example.org')
  expect(lookupBaseUrl('ws://127.0.0.1:8080/sync')).toBe('http://127.0.0.1:8080')
})

test('after destroy, new pending papers are left alone', async () => {
  const calls: string[][] = []
  const lookup: LookupFn = async (ids) => (calls.push(ids), {})
  const doc = new Y.Doc()
  const filler = startFillingPending(doc, { lookup, isOnline: () => true, settleMs: 0, jitterMs: 0 })
  filler.destroy()
  addPaper(doc, { arxivId: '2106.09685' }, 'm1')
  await sleep(50)
  expect(calls).toEqual([])
})
