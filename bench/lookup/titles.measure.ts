/**
 * Looking up 100 pasted titles through the relay's `POST /api/lookup/titles` against the
 * local fake upstreams, with arXiv's real pacing (one call per 3 s for the whole relay):
 * half the titles are on Hugging Face (found by its search, then filled by arXiv id), half
 * only on arXiv (found by exact-title search, ten titles per call). Prints wall time and the
 * requests each upstream got, then the same again from the cache.
 * Run: npx vitest run --config bench/lookup/vitest.config.ts
 */
import { expect, test } from 'vitest'
import type { LookupResponse } from '../../src/protocol/lookup.js'
import { makePapers } from '../../tests/server/lookup/fakeUpstreams.js'
import { startRelayWithFakes } from '../../tests/server/lookup/relayWithFakes.js'

const report = (name: string, value: string) => console.log(`${name.padEnd(48)} ${value}`)

test('100 titles against the fake upstreams', async () => {
  const papers = makePapers(100, 'Measured') // even: on Hugging Face, odd: arXiv only
  const { postTitles, fake } = await startRelayWithFakes({ catalogue: papers }, { arxivIntervalMs: 3_000 })
  const ask = () => Promise.all([papers.slice(0, 50), papers.slice(50)].map(async (half, part) => {
    const response = await postTitles({ titles: half.map((paper, index) => ({ key: `p${part * 50 + index}`, title: paper.title })) })
    return ((await response.json()) as LookupResponse).results
  }))
  let started = performance.now()
  const results = Object.assign({}, ...(await ask())) as LookupResponse['results']
  const cold = performance.now() - started
  const found = Object.values(results).filter((answer) => answer.ok && answer.paper.url).length
  report('titles found with a paper link', `${found} / 100`)
  report('wall time, cold cache', `${(cold / 1000).toFixed(1)} s`)
  report('requests: arXiv API (paced 3 s)', String(fake.counts.arxiv))
  report('requests: Hugging Face (search + paper)', String(fake.counts.hf))
  report('  of which searches', String(fake.urls.filter((url) => url.startsWith('/hf/api/papers/search')).length))
  const before = fake.urls.length
  started = performance.now()
  await ask()
  report('wall time, warm cache', `${(performance.now() - started).toFixed(0)} ms`)
  report('requests, warm cache', String(fake.urls.length - before))
  expect(found).toBe(100)
})
