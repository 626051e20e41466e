import Database from 'better-sqlite3'
import { expect, onTestFinished, test } from 'vitest'
import { addressKey, LookupAdmission } from '../../../server/lookup/admission.js'
import { makeArxivQueue } from '../../../server/lookup/arxivQueue.js'
import { createLookupRoute } from '../../../server/lookup/index.js'
import type { LookupRouteOptions } from '../../../server/lookup/index.js'
import { FairLanes, makeWorkQueue, QueueFullError } from '../../../server/lookup/limit.js'
import type { LookupAnswer } from '../../../src/protocol/lookup.js'
import { makeTestClock } from './fixtureFetch.js'

test('lanes are served in turn: a long lane delays another lane by one item, not by its backlog', () => {
  const lanes = new FairLanes<string>()
  for (let index = 0; index < 100; index++) lanes.push('flood', `f${index}`)
  lanes.push('legit', 'l0')
  lanes.push('legit', 'l1')
  expect([lanes.shift(), lanes.shift(), lanes.shift(), lanes.shift()]).toEqual(['f0', 'l0', 'f1', 'l1'])
  expect(lanes.remove('flood', 'f50')).toBe(true)
  expect(lanes.remove('flood', 'f50')).toBe(false)
  expect(lanes.size).toBe(97)
})

test('a work queue refuses beyond its bound and never runs a task whose signal aborted while it waited', async () => {
  const queue = makeWorkQueue({ concurrency: 1, maxWaiting: 2 })
  const started: string[] = []
  let release = () => {}
  const blocker = new Promise<void>((resolve) => (release = resolve))
  const task = (name: string) => async () => {
    started.push(name)
    if (name === 'running') await blocker
    return name
  }
  const never = new AbortController().signal
  const running = queue.run('a', never, task('running'))
  const abandoned = new AbortController()
  const dropped = queue.run('a', abandoned.signal, task('dropped'))
  const kept = queue.run('b', never, task('kept'))
  await expect(queue.run('c', never, task('refused'))).rejects.toBeInstanceOf(QueueFullError)
  abandoned.abort(new Error('client went away'))
  await expect(dropped).rejects.toThrow('client went away')
  expect(queue.waiting).toBe(1)
  release()
  expect(await Promise.all([running, kept])).toEqual(['running', 'kept'])
  expect(started).toEqual(['running', 'kept'])
})

test('an arXiv batch takes ids in turn across addresses, and drops ids nobody waits for', async () => {
  const clock = makeTestClock()
  const batches: string[][] = []
  const queue = makeArxivQueue({
    now: clock.now,
    sleep: clock.sleep,
    maxBatch: 4,
    async fetchBatch(ids) {
      batches.push(ids)
      return new Map(ids.map((id): [string, LookupAnswer] => [id, { ok: false, error: 'none', transient: false }]))
    },
  })
  onTestFinished(() => queue.close())
  const gone = new AbortController()
  const flood = Array.from({ length: 10 }, (_, index) => queue.request(`2401.1000${index}`, { lane: 'flood', signal: index >= 6 ? gone.signal : undefined }))
  const legit = queue.request('2106.09685', { lane: 'legit' })
  gone.abort()
  expect((await flood[7])!).toEqual({ ok: false, error: 'The lookup was cancelled.', transient: true })
  await legit
  await Promise.all(flood.slice(0, 6))
  expect(batches[0]).toEqual(['2401.10000', '2106.09685', '2401.10001', '2401.10002'])
  expect(batches.flat()).toHaveLength(7)
  expect(batches.flat()).not.toContain('2401.10007')
})

test('per address: a few lookups at once and a rate of upstream ids; cached ids are free', () => {
  const clock = makeTestClock()
  const admission = new LookupAdmission({ maxRequests: 2, burstIds: 100, idsPerSecond: 2, maxAddresses: 2 }, clock.now)
  const first = admission.admit('10.0.0.1', 50)
  const second = admission.admit('10.0.0.1', 50)
  expect(first.ok && second.ok).toBe(true)
  expect(admission.admit('10.0.0.1', 0)).toEqual({ ok: false, reason: 'too-many-requests', retryAfterSeconds: 5 })
  if (first.ok) first.release()
  expect(admission.admit('10.0.0.1', 10)).toEqual({ ok: false, reason: 'rate', retryAfterSeconds: 5 })
  clock.advance(5_000)
  expect(admission.admit('10.0.0.1', 10).ok).toBe(true)
  // Another address has its own budget; a third is refused only while both others are busy.
  expect(admission.admit('10.0.0.2', 100).ok).toBe(true)
  expect(admission.admit('10.0.0.3', 1).ok).toBe(false)
})

test('IPv6 clients are keyed by their /64; IPv4-mapped addresses by the IPv4 address', () => {
  expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64')
  expect(addressKey('2001:0db8:0001:0002:ffff:1:2:3')).toBe('2001:db8:1:2::/64')
  expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64')
  expect(addressKey('::1')).toBe('0:0:0:0::/64')
  expect(addressKey('::ffff:192.0.2.7')).toBe('192.0.2.7')
  expect(addressKey('192.0.2.7')).toBe('192.0.2.7')
})

function routeWith(fetchImpl: NonNullable<LookupRouteOptions['fetch']>, options: Partial<LookupRouteOptions> = {}) {
  const clock = makeTestClock()
  const db = new Database(':memory:')
  const route = createLookupRoute({ db, fetch: fetchImpl, now: clock.now, sleep: clock.sleep, ...options })
  onTestFinished(() => {
    route.close()
    db.close()
  })
  return { route, clock }
}

/** A Crossref stand-in whose answers the test releases by hand; records each call and whether it was aborted. */
function heldCrossref() {
  const calls: { url: string; aborted: boolean; answer: () => void }[] = []
  const fetchImpl: NonNullable<LookupRouteOptions['fetch']> = (url, init) =>
    new Promise<Response>((resolve, reject) => {
      const call = { url, aborted: false, answer: () => resolve(Response.json({ message: { title: ['A work'], DOI: '10.5555/x' } })) }
      calls.push(call)
      init?.signal?.addEventListener('abort', () => {
        call.aborted = true
        reject(init.signal!.reason)
      })
    })
  return { calls, fetch: fetchImpl }
}

test('the same id asked by two addresses is one upstream call; one hanging up does not cancel it for the other', async () => {
  const upstream = heldCrossref()
  const { route } = routeWith(upstream.fetch)
  const leaving = new AbortController()
  const first = route.lookup(['doi:10.5555/x'], { address: '10.0.0.1', signal: leaving.signal })
  const second = route.lookup(['https://doi.org/10.5555/X'], { address: '10.0.0.2' })
  await new Promise((resolve) => setTimeout(resolve, 10))
  expect(upstream.calls).toHaveLength(1)
  leaving.abort()
  expect(await first).toEqual({ results: { 'doi:10.5555/x': { ok: false, error: 'The lookup was cancelled.', transient: true } } })
  expect(upstream.calls[0]!.aborted).toBe(false)
  upstream.calls[0]!.answer()
  expect(await second).toMatchObject({ results: { 'https://doi.org/10.5555/X': { ok: true, paper: { title: 'A work' } } } })
  expect(upstream.calls).toHaveLength(1)
})

test('when its only asker hangs up, a running upstream call is aborted and nothing is cached', async () => {
  const upstream = heldCrossref()
  const { route } = routeWith(upstream.fetch)
  const leaving = new AbortController()
  const first = route.lookup(['doi:10.5555/x'], { address: '10.0.0.1', signal: leaving.signal })
  await new Promise((resolve) => setTimeout(resolve, 10))
  leaving.abort()
  await first
  expect(upstream.calls[0]!.aborted).toBe(true)
  expect(route.stats().pendingIds).toBe(0)
  const again = route.lookup(['doi:10.5555/x'], { address: '10.0.0.1' })
  await new Promise((resolve) => setTimeout(resolve, 10))
  expect(upstream.calls).toHaveLength(2)
  upstream.calls[1]!.answer()
  expect(await again).toMatchObject({ results: { 'doi:10.5555/x': { ok: true } } })
})

test('direct lookups past the per-address rate get a 429 refusal with the wait', async () => {
  const upstream = heldCrossref()
  const { route } = routeWith(upstream.fetch, { admission: { burstIds: 60, idsPerSecond: 2 } })
  const ids = (prefix: string, count: number) => Array.from({ length: count }, (_, index) => `doi:10.5555/${prefix}${index}`)
  void route.lookup(ids('a', 50), { address: '10.0.0.9' })
  expect(await route.lookup(ids('b', 20), { address: '10.0.0.9' })).toEqual({
    error: 'Too many ids looked up from this address; try again in 5 s.',
    status: 429,
    retryAfterSeconds: 5,
  })
})
