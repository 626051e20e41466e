import { describe, expect, test } from 'vitest'
import type { FeedsResponse } from '../../../src/protocol/lookup.js'
import { parseArxivRss } from '../../../server/feeds/arxivRss.js'
import { parseHfDaily } from '../../../server/feeds/hfDaily.js'
import { fixture, makePapers } from '../lookup/fakeUpstreams.js'
import { startRelayWithFakes } from '../lookup/relayWithFakes.js'

describe('recorded feed formats', () => {
  test('Hugging Face Daily Papers: every entry with its arXiv id, authors, date, code link and upvotes', () => {
    const entries = parseHfDaily(fixture('hf-daily.json'))!
    expect(entries.map((entry) => entry.arxivId)).toEqual(['2305.18290', '2006.11239', '1706.03762'])
    expect(entries[0]).toMatchObject({
      title: 'Direct Preference Optimization: Your Language Model is Secretly a Reward Model',
      authors: ['Rafael Rafailov', 'Archit Sharma', 'Eric Mitchell', 'Stefano Ermon', 'Christopher D. Manning', 'Chelsea Finn'],
      authorCount: 6, published: '2023-05-29', upvotes: 58, codeUrl: 'https://github.com/eric-mitchell/direct-preference-optimization',
    })
    expect(parseHfDaily('{"error":"Invalid date"}')).toBeNull()
  })

  test('arXiv listing RSS: new submissions and cross-lists, not replacements; abstract without the announce line', () => {
    const entries = parseArxivRss(fixture('arxiv-rss-cs.CL.xml'))!
    expect(entries.map((entry) => entry.arxivId)).toEqual(['2612.01001', '2612.01002', '2612.00987'])
    expect(entries[0]).toMatchObject({
      title: 'Sparse Mixture Routing for Multilingual Retrieval', authors: ['Ana Souza', 'Kenji Watanabe', 'Priya Raman'], published: '2026-12-02',
      abstract: expect.stringMatching(/^We study retrieval across 40 languages/),
    })
    expect(entries[1]!.authors).toEqual(['Lena Fischer', 'Omar Haddad'])
    expect(parseArxivRss('<html><body>Not RSS</body></html>')).toBeNull()
  })
})

/** Today (UTC): Daily Papers dates are accepted for the last 30 days only. */
const TODAY = new Date().toISOString().slice(0, 10)

describe('GET /api/feeds against fake upstreams', () => {
  const ask = async (base: string, query: string) => {
    const response = await fetch(`${base}/api/feeds?${query}`)
    return { status: response.status, body: (await response.json()) as FeedsResponse & { error?: string } }
  }

  test('answers each feed, then from the cache; the scheduled refresh fetches again', async () => {
    const { relay, fake, feeds } = await startRelayWithFakes()
    const first = await ask(relay.url, `hf=${TODAY}&arxiv=cs.CL`)
    expect(first.status).toBe(200)
    expect(first.body.feeds.map((feed) => [feed.feed, feed.ok && feed.entries.length])).toEqual([[`hf:${TODAY}`, 3], ['arxiv:cs.CL', 3]])
    const calls = { ...fake.counts }
    await ask(relay.url, `hf=${TODAY}&arxiv=cs.CL`)
    expect(fake.counts).toEqual(calls)
    await feeds.refresh()
    expect(fake.counts.hf).toBe(calls.hf + 1)
    expect(fake.counts.rss).toBe(calls.rss + 1)
  })

  test.each(['fail', 'malformed', 'oversized', 'slow'] as const)('arXiv %s: that feed says why, the other is answered', async (mode) => {
    const { relay, fake } = await startRelayWithFakes({ slowMs: 5_000 }, {}, { timeoutMs: 1_000, maxBytes: 1024 * 1024 })
    fake.setMode('rss', mode)
    const { body } = await ask(relay.url, `hf=${TODAY}&arxiv=cs.CL`)
    expect(body.feeds[0]).toMatchObject({ ok: true, feed: `hf:${TODAY}` })
    expect(body.feeds[1]).toMatchObject({ ok: false, feed: 'arxiv:cs.CL', error: expect.stringMatching(/arXiv/) })
  })

  test('a feed that fails after a success answers with its last copy, marked stale', async () => {
    const { relay, fake } = await startRelayWithFakes({}, {}, { freshMs: 0 })
    const first = await ask(relay.url, 'arxiv=cs.CL')
    fake.setMode('rss', 'fail')
    const { body } = await ask(relay.url, 'arxiv=cs.CL')
    expect(body.feeds[0]).toMatchObject({ ok: true, stale: true, entries: first.body.feeds[0]!.ok ? first.body.feeds[0]!.entries : [] })
    expect(body.feeds[0]!.ok && body.feeds[0]!.entries.length).toBe(3)
    expect(fake.counts.rss).toBe(2)
  })

  test('300 entries of a day are all sent; a bad feed name gets its own error; no feed is a 400', async () => {
    const { relay } = await startRelayWithFakes({ daily: makePapers(300, 'Daily') })
    const { body } = await ask(relay.url, `hf=${TODAY}&arxiv=not a category`)
    expect(body.feeds[0]!.ok && body.feeds[0]!.entries.length).toBe(300)
    expect(body.feeds[1]).toMatchObject({ ok: false, error: expect.stringMatching(/^Not a feed/) })
    expect((await ask(relay.url, '')).status).toBe(400)
  })

  test('old dates are refused per feed; at most 32 fetches wait at once, the rest are told to come back', async () => {
    const { relay, fake } = await startRelayWithFakes({ slowMs: 200 }, {}, { arxivIntervalMs: 0 })
    const { body } = await ask(relay.url, 'hf=2001-01-01')
    expect(body.feeds[0]).toMatchObject({ ok: false, error: 'Daily Papers are followed for the last 30 days only.' })
    fake.setMode('rss', 'slow')
    const categories = Array.from({ length: 40 }, (_, i) => `cs.${String.fromCharCode(65 + Math.floor(i / 26))}${String.fromCharCode(65 + (i % 26))}`)
    const answers = await Promise.all([0, 1, 2, 3].map((part) => ask(relay.url, `arxiv=${categories.slice(part * 10, part * 10 + 10).join(',')}`)))
    const results = answers.flatMap((answer) => answer.body.feeds)
    expect(results).toHaveLength(40)
    expect(results.filter((feed) => !feed.ok && /fetching many feeds/.test(feed.error))).toHaveLength(8)
    expect(fake.counts.rss).toBeLessThanOrEqual(32)
  })
})
