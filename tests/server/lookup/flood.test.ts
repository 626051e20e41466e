/**
 * `/api/lookup` under a flood from one address, on a real relay with a real (slow) upstream
 * server: the flood is bounded per address, another address is still answered quickly, and
 * requests whose clients hang up stop costing upstream calls.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { request } from 'node:http'
import type { IncomingHttpHeaders } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, onTestFinished, test } from 'vitest'
import { defaultConfig } from '../../../server/config.js'
import { createLookupRoute, openLookupDatabase } from '../../../server/lookup/index.js'
import type { LookupResponse, LookupRouteOptions } from '../../../server/lookup/index.js'
import { startRelay } from '../../../server/server.js'
import { startSlowCrossref } from './slowUpstream.js'

/** Each fake Crossref answer takes this long: 3 calls at once drain 10 ids a second. */
const UPSTREAM_DELAY_MS = 300
/** The bound for the legitimate lookup's answer during the flood (the issue asks for an answer at all; 120 s passed without one). */
const LEGIT_ANSWER_BOUND_MS = 5_000

interface Answer {
  status: number
  headers: IncomingHttpHeaders
  body: string
}

/** A GET from a chosen loopback address (127.0.0.x are all this host), abortable like a closed tab. */
function getFrom(url: string, localAddress: string) {
  let abort = () => {}
  const answer = new Promise<Answer>((resolve, reject) => {
    const req = request(url, { localAddress, agent: false }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (body += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end()
    abort = () => req.destroy()
  })
  return { answer, abort: () => abort() }
}

const doisParam = (prefix: string, count: number) =>
  encodeURIComponent(Array.from({ length: count }, (_, index) => `doi:10.5555/${prefix}.${index}`).join(','))

async function setup(options: Partial<LookupRouteOptions> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'lookup-flood-'))
  const upstream = await startSlowCrossref(UPSTREAM_DELAY_MS)
  const db = openLookupDatabase(join(dir, 'lookup-cache.sqlite'))
  const lookup = createLookupRoute({ db, fetch: upstream.fetch, ...options })
  const relay = await startRelay(defaultConfig({ dataDir: join(dir, 'data'), routes: [lookup.handle] }))
  onTestFinished(async () => {
    lookup.close()
    await relay.close()
    await upstream.close()
    db.close()
    rmSync(dir, { recursive: true, force: true })
  })
  return { upstream, lookup, relay }
}

const until = async (check: () => boolean, timeoutMs: number) => {
  const started = Date.now()
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not reached in time')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

test('200 requests × 50 DOIs from one address: the rest are refused, another address is answered in < 5 s, hanging up stops the upstream calls', async () => {
  const { upstream, lookup, relay } = await setup()
  const flood = Array.from({ length: 200 }, (_, index) => getFrom(`${relay.url}/api/lookup?ids=${doisParam(`flood${index}`, 50)}`, '127.0.0.1'))
  const outcomes: (Answer | Error)[] = []
  for (const request of flood) request.answer.then((answer) => outcomes.push(answer), (error: Error) => outcomes.push(error))
  // Every request beyond the address's 4 in flight is refused at once, with a reason and a time to come back
  // (a relay-wide cap on sockets per address may refuse some earlier, at the connection: those count too).
  await until(() => outcomes.length >= 196, 20_000)
  const refused = outcomes.filter((outcome): outcome is Answer => !(outcome instanceof Error))
  expect(refused.length).toBeGreaterThan(0)
  expect(refused.map((answer) => answer.status)).toEqual(refused.map(() => 429))
  expect(JSON.parse(refused[0]!.body)).toEqual({ error: expect.stringContaining('this address') })
  expect(Number(refused[0]!.headers['retry-after'])).toBeGreaterThan(0)
  expect(lookup.stats().pendingIds).toBeLessThanOrEqual(4 * 50)

  const started = Date.now()
  const legit = await getFrom(`${relay.url}/api/lookup?ids=doi:10.5555/legit.1`, '127.0.0.2').answer
  const legitMs = Date.now() - started
  expect(legit.status).toBe(200)
  expect((JSON.parse(legit.body) as LookupResponse).results['doi:10.5555/legit.1']).toMatchObject({ ok: true, paper: { title: 'Work 10.5555/legit.1' } })
  expect(legitMs).toBeLessThan(LEGIT_ANSWER_BOUND_MS)
  console.info(`lookup flood: legitimate answer in ${legitMs} ms with ${lookup.stats().pendingIds} flood ids pending`)

  // The flooding client hangs up: its queued ids leave the queue and its running calls are aborted.
  const callsBeforeHangUp = upstream.counts.requests
  for (const request of flood) request.abort()
  await until(() => lookup.stats().pendingIds === 0, 2_000)
  expect(lookup.stats()).toMatchObject({ crossrefWaiting: 0, crossrefRunning: 0 })
  await until(() => upstream.counts.abandoned + upstream.counts.answered === upstream.counts.requests, 2_000)
  const callsAfterHangUp = upstream.counts.requests
  expect(callsAfterHangUp - callsBeforeHangUp).toBeLessThanOrEqual(3)
  expect(upstream.counts.abandoned).toBeGreaterThanOrEqual(1)
  await new Promise((resolve) => setTimeout(resolve, 4 * UPSTREAM_DELAY_MS))
  expect(upstream.counts.requests).toBe(callsAfterHangUp)
  // Of the 200 flood ids admitted, only those asked before the hang-up ever reached the upstream.
  expect(upstream.counts.requests).toBeLessThan(50)
  console.info(`lookup flood: ${upstream.counts.requests} upstream calls in all, ${upstream.counts.abandoned} aborted on hang-up`)

  // The address's slots came back with the hang-up.
  const again = await getFrom(`${relay.url}/api/lookup?ids=doi:10.5555/legit.1`, '127.0.0.1').answer
  expect(again.status).toBe(200)
})

test('when the ids waiting upstream reach the relay-wide bound, a new lookup gets 503 with Retry-After', async () => {
  const { lookup, relay } = await setup({ maxPendingIds: 100 })
  const first = getFrom(`${relay.url}/api/lookup?ids=${doisParam('a', 50)}`, '127.0.0.3')
  const second = getFrom(`${relay.url}/api/lookup?ids=${doisParam('b', 50)}`, '127.0.0.4')
  onTestFinished(() => {
    first.abort()
    second.abort()
  })
  first.answer.catch(() => {})
  second.answer.catch(() => {})
  await until(() => lookup.stats().pendingIds === 100, 5_000)
  const third = await getFrom(`${relay.url}/api/lookup?ids=${doisParam('c', 1)}`, '127.0.0.5').answer
  expect(third.status).toBe(503)
  expect(third.headers['retry-after']).toBe('30')
  expect(JSON.parse(third.body)).toEqual({ error: 'The lookup service is busy; try again in 30 seconds.' })
  // An id already under way costs nothing new, so it is still answered.
  const shared = await getFrom(`${relay.url}/api/lookup?ids=doi:10.5555/a.0`, '127.0.0.5').answer
  expect(shared.status).toBe(200)
})
