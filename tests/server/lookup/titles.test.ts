import { describe, expect, test } from 'vitest'
import type { CitationResponse, LookupResponse } from '../../../src/protocol/lookup.js'
import { parseArxivFeed } from '../../../server/lookup/arxiv.js'
import { arxivTitleSearchUrl } from '../../../server/lookup/arxivTitle.js'
import { parseHfSearch } from '../../../server/lookup/hfSearch.js'
import { parseCitationCount } from '../../../server/lookup/semanticScholar.js'
import { fixture, makePapers } from './fakeUpstreams.js'
import type { FakePaper } from './fakeUpstreams.js'
import { startRelayWithFakes } from './relayWithFakes.js'

const LORA: FakePaper = {
  arxivId: '2106.09685', title: 'LoRA: Low-Rank Adaptation of Large Language Models', authors: ['Edward J. Hu', 'Yelong Shen'],
  abstract: 'We propose Low-Rank Adaptation, or LoRA.', published: '2021-06-17', codeUrl: 'https://github.com/microsoft/LoRA', citations: 12840,
}
const DDPM: FakePaper = {
  arxivId: '2006.11239', title: 'Denoising Diffusion Probabilistic Models', authors: ['Jonathan Ho', 'Ajay Jain', 'Pieter Abbeel'],
  abstract: 'We present high quality image synthesis results.', published: '2020-06-19', onHf: false,
}

describe('recorded formats', () => {
  test('a Hugging Face papers search answer gives arXiv ids, titles, authors and code links', () => {
    const hits = parseHfSearch(fixture('hf-search.json'))
    expect(hits.map((hit) => hit.arxivId)).toEqual(['2106.09685', '2305.14314'])
    expect(hits[0]).toMatchObject({ title: LORA.title, published: '2021-06-17', codeUrl: 'https://github.com/microsoft/LoRA', url: 'https://arxiv.org/abs/2106.09685' })
    expect(hits[0]!.authors[0]).toBe('Edward J. Hu')
    expect(parseHfSearch('{"error":"x"}')).toEqual([])
    expect(parseHfSearch('<html>')).toEqual([])
  })

  test('an arXiv title search feed reads like an id feed; the query asks for exact title phrases, OR-ed', () => {
    const feed = parseArxivFeed(fixture('arxiv-title-search.xml'))
    expect(feed.ok && [...feed.papers.keys()]).toEqual(['2006.11239', '2102.09672'])
    const url = new URL(arxivTitleSearchUrl(['Denoising Diffusion Probabilistic Models', 'LoRA: "Low-Rank" (2021)']))
    expect(url.searchParams.get('search_query')).toBe('ti:"denoising diffusion probabilistic models" OR ti:"lora low rank 2021"')
    expect(url.searchParams.get('max_results')).toBe('6')
  })

  test('a Semantic Scholar graph answer gives its citation count; an error body none', () => {
    expect(parseCitationCount(fixture('s2-paper.json'))).toBe(12840)
    expect(parseCitationCount(fixture('s2-not-found.json'))).toBeNull()
    expect(parseCitationCount('not json')).toBeNull()
  })
})

describe('POST /api/lookup/titles against fake upstreams', () => {
  test('a title Hugging Face knows gets its arXiv id, links, authors, date, abstract and code link', async () => {
    const { postTitles, fake } = await startRelayWithFakes({ catalogue: [LORA, DDPM] })
    const response = await postTitles({ titles: [{ key: 'title:lora', title: 'LoRA: Low-Rank Adaptation of Large Language Models' }] })
    expect(response.status).toBe(200)
    const body = (await response.json()) as LookupResponse
    expect(body.results['title:lora']).toEqual({
      ok: true,
      paper: expect.objectContaining({
        arxivId: '2106.09685', url: 'https://arxiv.org/abs/2106.09685', pdfUrl: 'https://arxiv.org/pdf/2106.09685',
        authors: ['Edward J. Hu', 'Yelong Shen'], published: '2021-06-17', abstract: LORA.abstract, codeUrl: LORA.codeUrl,
      }),
    })
    expect(fake.counts.arxiv).toBe(1) // the id lookup filled it from arXiv
  })

  test('a title only arXiv knows is found by its exact title; several titles share one paced call', async () => {
    const arxivOnly = makePapers(8, 'Only on arXiv').map((paper) => ({ ...paper, onHf: false }))
    // titles gather for a second before their arXiv call: time for all nine Hugging Face searches to miss, even on a busy machine
    const { postTitles, fake } = await startRelayWithFakes({ catalogue: [DDPM, ...arxivOnly] }, { titleGatherMs: 1_000 })
    const titles = [DDPM, ...arxivOnly].map((paper, index) => ({ key: `k${index}`, title: paper.title }))
    const body = (await (await postTitles({ titles })).json()) as LookupResponse
    for (const [index, paper] of [DDPM, ...arxivOnly].entries()) {
      expect(body.results[`k${index}`]).toMatchObject({ ok: true, paper: { arxivId: paper.arxivId, url: `https://arxiv.org/abs/${paper.arxivId}` } })
    }
    expect(fake.counts.arxiv).toBe(1) // nine titles, one search call
    expect(fake.urls.filter((url) => url.startsWith('/hf/api/papers/search')).length).toBe(9)
  })

  test('nearly equal titles match only with the same first author; a survey of the title never does', async () => {
    const { postTitles } = await startRelayWithFakes({ catalogue: [{ ...DDPM, onHf: true }] })
    const typo = 'Denoising Difusion Probabilistic Models'
    const body = (await (await postTitles({
      titles: [
        { key: 'same-author', title: typo, firstAuthor: 'J. Ho' },
        { key: 'other-author', title: typo, firstAuthor: 'Someone Else' },
        { key: 'unknown', title: 'A paper nobody wrote about anything at all' },
      ],
    })).json()) as LookupResponse
    expect(body.results['same-author']).toMatchObject({ ok: true, paper: { arxivId: '2006.11239' } })
    expect(body.results['other-author']).toMatchObject({ ok: false, transient: false })
    expect(body.results.unknown).toEqual({ ok: false, error: 'No paper with this title was found on Hugging Face or arXiv.', transient: false })
  })

  test('answers are cached: asking again costs no upstream call', async () => {
    const { postTitles, fake } = await startRelayWithFakes({ catalogue: [LORA] })
    const titles = { titles: [{ key: 'a', title: LORA.title }, { key: 'b', title: 'Nothing by this name exists' }] }
    await postTitles(titles)
    const calls = { ...fake.counts }
    const again = (await (await postTitles(titles)).json()) as LookupResponse
    expect(again.results.a?.ok).toBe(true)
    expect(again.results.b).toMatchObject({ ok: false, transient: false })
    expect(fake.counts).toEqual(calls)
  })

  test.each(['fail', 'malformed', 'oversized', 'slow'] as const)('Hugging Face %s: arXiv still finds the title', async (mode) => {
    const { postTitles, fake } = await startRelayWithFakes({ catalogue: [{ ...LORA, onHf: true }], slowMs: 5_000 }, { timeoutMs: 1_000 })
    fake.setMode('hf', mode)
    const body = (await (await postTitles({ titles: [{ key: 'a', title: LORA.title }] })).json()) as LookupResponse
    expect(body.results.a).toMatchObject({ ok: true, paper: { arxivId: '2106.09685', url: 'https://arxiv.org/abs/2106.09685' } })
  })

  test('both upstreams down: a transient "could not be looked up", not cached, and found once they are back', async () => {
    const { postTitles, fake } = await startRelayWithFakes({ catalogue: [LORA] })
    fake.setMode('hf', 'fail')
    fake.setMode('arxiv', 'fail')
    const titles = { titles: [{ key: 'a', title: LORA.title }] }
    const down = (await (await postTitles(titles)).json()) as LookupResponse
    expect(down.results.a).toMatchObject({ ok: false, transient: true, error: expect.stringMatching(/^The title could not be looked up: arXiv is having trouble \(HTTP 503\)/) })
    fake.setMode('hf', 'ok')
    fake.setMode('arxiv', 'ok')
    const up = (await (await postTitles(titles)).json()) as LookupResponse
    expect(up.results.a?.ok).toBe(true)
  })

  test('bad requests get a 400 or 405 with a reason; the relay goes on answering', async () => {
    const { postTitles, relay } = await startRelayWithFakes({ catalogue: [LORA] })
    const notJson = await fetch(`${relay.url}/api/lookup/titles`, { method: 'POST', body: '{titles:' })
    expect(notJson.status).toBe(400)
    expect(await notJson.json()).toEqual({ error: 'The request body is not JSON.' })
    expect((await postTitles({ titles: 'LoRA' })).status).toBe(400)
    expect((await postTitles({ titles: [{ key: 'a' }] })).status).toBe(400)
    expect((await postTitles({ titles: Array.from({ length: 51 }, (_, i) => ({ key: `k${i}`, title: `T ${i}` })) })).status).toBe(400)
    const huge = await fetch(`${relay.url}/api/lookup/titles`, { method: 'POST', body: 'x'.repeat(300_000) })
    expect(huge.status).toBe(400)
    expect((await fetch(`${relay.url}/api/lookup/titles`)).status).toBe(405)
    expect((await postTitles({ titles: [{ key: 'a', title: LORA.title }] })).status).toBe(200)
  })

  test('arXiv id batches and title searches share one gate: calls are at least the interval apart', async () => {
    const { postTitles, relay, fake } = await startRelayWithFakes({ catalogue: [DDPM, ...makePapers(25, 'Gate').map((paper) => ({ ...paper, onHf: false }))] }, { arxivIntervalMs: 300, titleGatherMs: 1_000 })
    const origin = fake.urls.length
    const gate = makePapers(25, 'Gate')
    await Promise.all([
      postTitles({ titles: gate.slice(0, 20).map((paper, index) => ({ key: `t${index}`, title: paper.title })) }),
      fetch(`${relay.url}/api/lookup?ids=arXiv:2006.11239`),
    ])
    expect(fake.urls.slice(origin).filter((url) => url.startsWith('/arxiv')).length).toBe(3) // 2 title calls + 1 id batch
    const gaps = fake.times.arxiv.slice(1).map((at, index) => at - fake.times.arxiv[index]!)
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(295)
  })
})

describe('GET /api/citations', () => {
  test('counts come from Semantic Scholar, are cached, and an unknown or failing id says why', async () => {
    const { relay, fake } = await startRelayWithFakes({ catalogue: [LORA] })
    const ask = async () => (await (await fetch(`${relay.url}/api/citations?ids=arXiv:2106.09685,arXiv:2401.99999&ids=nonsense`)).json()) as CitationResponse
    const first = await ask()
    expect(first.results['arXiv:2106.09685']).toEqual({ ok: true, citations: 12840 })
    expect(first.results['arXiv:2401.99999']).toMatchObject({ ok: false, transient: false })
    expect(first.results.nonsense).toMatchObject({ ok: false, transient: false })
    const calls = fake.counts.s2
    expect((await ask()).results['arXiv:2106.09685']).toEqual({ ok: true, citations: 12840 })
    expect(fake.counts.s2).toBe(calls)
    fake.setMode('s2', 'fail')
    const failing = (await (await fetch(`${relay.url}/api/citations?ids=doi:10.1145/3442188.3445922`)).json()) as CitationResponse
    expect(failing.results['doi:10.1145/3442188.3445922']).toMatchObject({ ok: false, transient: true })
  })
})
