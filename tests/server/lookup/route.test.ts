import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { expect, onTestFinished, test } from 'vitest'
import { createLookupRoute, lookupUserAgent, openLookupDatabase } from '../../../server/lookup/index.js'
import type { LookupResponse, LookupRouteOptions } from '../../../server/lookup/index.js'
import { getText } from '../../../server/lookup/upstream.js'
import { BATCH_IDS, makeFixtureFetch, makeTestClock } from './fixtureFetch.js'
import type { FixtureRoutes } from './fixtureFetch.js'

const HOUR = 3600_000
const PARROTS = 'doi:10.1145/3442188.3445922'

function setup(routes: FixtureRoutes = {}, options: Partial<LookupRouteOptions> = {}) {
  const clock = makeTestClock()
  const upstream = makeFixtureFetch(routes, clock.now)
  const db = new Database(':memory:')
  const route = createLookupRoute({ db, fetch: upstream.fetch, now: clock.now, sleep: clock.sleep, ...options })
  onTestFinished(() => {
    route.close()
    db.close()
  })
  const lookup = async (ids: string[]) => {
    const body = await route.lookup(ids)
    if ('error' in body) throw new Error(body.error)
    return body.results
  }
  return { clock, upstream, route, lookup }
}

test('three arXiv ids, old-style and missing included, cost one arXiv call', async () => {
  const { upstream, lookup } = setup()
  const results = await lookup(['arXiv:2106.09685', 'arxiv:hep-th/9711200', 'arXiv:2401.99999'])
  expect(upstream.arxivCalls()).toHaveLength(1)
  const asked = new URL(upstream.arxivCalls()[0]!.url).searchParams.get('id_list')!.split(',')
  expect(asked.sort()).toEqual([...BATCH_IDS].sort())
  expect(results['arXiv:2106.09685']).toMatchObject({
    ok: true,
    paper: { title: 'LoRA: Low-Rank Adaptation of Large Language Models', codeUrl: 'https://github.com/microsoft/LoRA', upvotes: 47, published: '2021-06-17' },
  })
  expect(results['arxiv:hep-th/9711200']).toMatchObject({ ok: true, paper: { doi: '10.1023/a:1026654312961' } })
  expect(results['arxiv:hep-th/9711200']?.ok && results['arxiv:hep-th/9711200'].paper.codeUrl).toBeUndefined()
  expect(results['arXiv:2401.99999']).toEqual({ ok: false, error: 'arXiv has no paper with this id.', transient: false })
})

test('lookups from two clients at the same moment share one arXiv call', async () => {
  const { upstream, lookup } = setup()
  const [a, b] = await Promise.all([lookup(['arXiv:2106.09685']), lookup(['hep-th/9711200', 'arXiv:2106.09685'])])
  expect(upstream.arxivCalls()).toHaveLength(1)
  expect(upstream.hfCalls()).toHaveLength(2)
  expect(a['arXiv:2106.09685']?.ok).toBe(true)
  expect(b['hep-th/9711200']?.ok).toBe(true)
})

test('arXiv calls are paced at least 3 s apart, across requests', async () => {
  const { clock, upstream, lookup } = setup()
  await lookup(['arXiv:2106.09685'])
  clock.advance(1_000)
  await lookup(['hep-th/9711200'])
  await lookup(['arXiv:2401.99999'])
  const times = upstream.arxivCalls().map((call) => call.at)
  expect(times).toHaveLength(3)
  expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(3_000)
  expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(3_000)
  expect(clock.sleeps).toEqual([2_000, 3_000])
})

test('a second lookup is answered from the cache, without any upstream call', async () => {
  const { upstream, lookup } = setup()
  const ids = ['arXiv:2106.09685', 'arXiv:2401.99999', PARROTS]
  const first = await lookup(ids)
  const callsBefore = upstream.calls.length
  const second = await lookup(['2106.09685v2', 'arXiv:2401.99999', 'https://doi.org/10.1145/3442188.3445922'])
  expect(upstream.calls.length).toBe(callsBefore)
  expect(second['2106.09685v2']).toEqual(first['arXiv:2106.09685'])
  expect(second['https://doi.org/10.1145/3442188.3445922']).toEqual(first[PARROTS])
})

test('"not found" is cached for an hour only; found papers for a month', async () => {
  const { clock, upstream, lookup } = setup()
  await lookup(['arXiv:2106.09685', 'arXiv:2401.99999'])
  clock.advance(HOUR + 1)
  await lookup(['arXiv:2106.09685', 'arXiv:2401.99999'])
  expect(upstream.arxivCalls()).toHaveLength(2)
  expect(new URL(upstream.arxivCalls()[1]!.url).searchParams.get('id_list')).toBe('2401.99999')
  clock.advance(30 * 24 * HOUR)
  await lookup(['arXiv:2106.09685'])
  expect(upstream.arxivCalls()).toHaveLength(3)
})

test('the cache survives closing and reopening the SQLite file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lookup-cache-'))
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }))
  const file = join(dir, 'data', 'lookup.sqlite')
  const clock = makeTestClock()
  const upstream = makeFixtureFetch({}, clock.now)
  const db1 = openLookupDatabase(file)
  const route1 = createLookupRoute({ db: db1, fetch: upstream.fetch, now: clock.now, sleep: clock.sleep })
  const first = await route1.lookup(['arXiv:2106.09685', PARROTS])
  route1.close()
  db1.close()

  const db2 = openLookupDatabase(file)
  const offline = async (): Promise<Response> => {
    throw new Error('no upstream call expected after reopening')
  }
  const route2 = createLookupRoute({ db: db2, fetch: offline, now: clock.now, sleep: clock.sleep })
  onTestFinished(() => {
    route2.close()
    db2.close()
  })
  const second = await route2.lookup(['arXiv:2106.09685', PARROTS])
  expect(second).toEqual(first)
  expect('results' in second && second.results[PARROTS]?.ok).toBe(true)
})

test('an arXiv outage fails only its ids, is not cached, and leaves DOIs answered', async () => {
  let down = true
  const { upstream, lookup } = setup({
    arxiv: () => (down ? { status: 503, file: 'arxiv-rate-exceeded.txt' } : { status: 200, file: 'arxiv-batch.xml' }),
  })
  const results = await lookup(['arXiv:2106.09685', PARROTS, 'doi:10.9999/nobody-registered-this', 'not-an-id'])
  expect(results['arXiv:2106.09685']).toEqual({ ok: false, error: 'arXiv is having trouble (HTTP 503).', transient: true })
  expect(results[PARROTS]).toMatchObject({ ok: true, paper: { title: expect.stringContaining('Stochastic Parrots') } })
  expect(results['doi:10.9999/nobody-registered-this']).toEqual({ ok: false, error: 'Crossref has no work with this DOI.', transient: false })
  expect(results['not-an-id']).toEqual({ ok: false, error: 'Not an arXiv id or a DOI.', transient: false })
  down = false
  const retried = await lookup(['arXiv:2106.09685'])
  expect(retried['arXiv:2106.09685']?.ok).toBe(true)
  expect(upstream.arxivCalls()).toHaveLength(2)
})

test("arXiv's 200 'Rate exceeded.' and its error feed are per-id errors", async () => {
  const { lookup } = setup({ arxiv: (ids) => ({ status: ids.includes('2106.09685') ? 200 : 400, file: ids.includes('2106.09685') ? 'arxiv-rate-exceeded.txt' : 'arxiv-error.xml' }) })
  const rate = await lookup(['arXiv:2106.09685'])
  expect(rate['arXiv:2106.09685']).toEqual({ ok: false, error: 'arXiv sent no feed (Rate exceeded.).', transient: true })
  const rejected = await lookup(['hep-th/9711200'])
  expect(rejected['hep-th/9711200']).toEqual({ ok: false, error: 'arXiv rejected the query: incorrect id format for 1234.12345.', transient: true })
})

test('a Hugging Face failure does not fail the arXiv answer', async () => {
  const { lookup } = setup({ hf: () => ({ status: 500, file: 'hf-not-found.json' }) })
  const results = await lookup(['arXiv:2106.09685'])
  expect(results['arXiv:2106.09685']).toMatchObject({ ok: true, paper: { title: expect.stringContaining('LoRA') } })
  expect(results['arXiv:2106.09685']?.ok && results['arXiv:2106.09685'].paper.codeUrl).toBeUndefined()
})

test('an upstream that hangs is cut off by the timeout', async () => {
  const clock = makeTestClock()
  const db = new Database(':memory:')
  const hanging = (_url: string, init?: { signal?: AbortSignal }) =>
    new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)))
  const route = createLookupRoute({ db, fetch: hanging, now: clock.now, sleep: clock.sleep, timeoutMs: 50 })
  onTestFinished(() => {
    route.close()
    db.close()
  })
  const started = Date.now()
  const body = await route.lookup([PARROTS, 'arXiv:2106.09685'])
  expect(Date.now() - started).toBeLessThan(2_000)
  expect(body).toEqual({
    results: {
      [PARROTS]: { ok: false, error: 'Crossref did not answer in time.', transient: true },
      'arXiv:2106.09685': { ok: false, error: 'arXiv did not answer in time.', transient: true },
    },
  })
})

test('an upstream body over the size limit is refused, not read', async () => {
  const big = async () => new Response('x'.repeat(5_000))
  await expect(getText('https://api.crossref.org/works/x', { fetch: big, headers: {}, timeoutMs: 1_000, maxBytes: 1_000, source: 'Crossref' }))
    .rejects.toMatchObject({ name: 'UpstreamError', message: 'Crossref sent a response too large to read (over 1000 bytes).', transient: false })
  const declared = async () => new Response('{}', { headers: { 'content-length': '99999999' } })
  await expect(getText('https://api.crossref.org/works/x', { fetch: declared, headers: {}, timeoutMs: 1_000, maxBytes: 1_000, source: 'Crossref' }))
    .rejects.toThrow(/too large/)
})

test('every upstream call carries the polite User-Agent with the mailto', async () => {
  const { upstream, lookup } = setup({}, { userAgent: lookupUserAgent('lab-admin@example.org') })
  await lookup(['arXiv:2106.09685', PARROTS])
  expect(upstream.calls.length).toBe(3)
  for (const call of upstream.calls) expect(call.userAgent).toBe('Shortlist-relay/0.1 (reading-list metadata lookup; mailto:lab-admin@example.org)')
  expect(lookupUserAgent('not an address; drop table')).not.toContain('mailto')
})

test('over real HTTP: 200 with per-id answers, 400 for a malformed request, other paths fall through', async () => {
  const { route } = setup()
  const server = createServer((req, res) => {
    if (route.handle(req, res)) return
    res.writeHead(404).end('not mine')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  const ok = await fetch(`${base}/api/lookup?ids=${encodeURIComponent('arXiv:2106.09685,arXiv:2401.99999,doi:10.1145/3442188.3445922')}`)
  expect(ok.status).toBe(200)
  expect(ok.headers.get('content-type')).toBe('application/json; charset=utf-8')
  const body = (await ok.json()) as LookupResponse
  expect(Object.keys(body.results)).toEqual(['arXiv:2106.09685', 'arXiv:2401.99999', PARROTS])
  expect(body.results['arXiv:2106.09685']?.ok).toBe(true)
  expect(body.results['arXiv:2401.99999']?.ok).toBe(false)
  expect(body.results[PARROTS]?.ok).toBe(true)

  const plain = await fetch(`${base}/api/lookup?ids=arXiv:2106.09685,hep-th/9711200`)
  expect(Object.keys(((await plain.json()) as LookupResponse).results)).toEqual(['arXiv:2106.09685', 'hep-th/9711200'])

  const empty = await fetch(`${base}/api/lookup`)
  expect(empty.status).toBe(400)
  expect(await empty.json()).toEqual({ error: expect.stringContaining('ids=') })
  const tooMany = await fetch(`${base}/api/lookup?ids=${Array.from({ length: 51 }, (_, i) => `arXiv:2401.${10000 + i}`).join(',')}`)
  expect(tooMany.status).toBe(400)
  const post = await fetch(`${base}/api/lookup?ids=arXiv:2106.09685`, { method: 'POST' })
  expect(post.status).toBe(405)
  const other = await fetch(`${base}/api/lookups`)
  expect(other.status).toBe(404)
})
