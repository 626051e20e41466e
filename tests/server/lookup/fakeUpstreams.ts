/**
 * One real local HTTP server standing in for every upstream the relay asks: arXiv's API
 * (`/arxiv`), arXiv's listing feeds (`/rss`), Hugging Face (`/hf`) and Semantic Scholar
 * (`/s2`). Point the relay at it with `bases` (route options) or `env` (the built relay).
 *
 * It answers from a catalogue of papers in each service's own format (the shapes of the
 * recorded fixtures in `tests/fixtures/lookup/`), counts the calls per upstream, and can make
 * any upstream slow, failing (503), oversized or malformed, to test what the relay does then.
 */
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { boundedEditDistance, normaliseTitle } from '../../../server/lookup/titleMatch.js'
import type { UpstreamBases } from '../../../server/lookup/bases.js'

const FIXTURES = fileURLToPath(new URL('../../fixtures/lookup/', import.meta.url))
/** Reads a recorded fixture. */
export const fixture = (name: string): string => readFileSync(FIXTURES + name, 'utf8')

/** A paper the fake services know. */
export interface FakePaper {
  arxivId: string
  title: string
  authors: string[]
  abstract: string
  published: string
  codeUrl?: string
  /** Whether Hugging Face's search and papers API know it (else only arXiv does). Default true. */
  onHf?: boolean
  citations?: number
}

/** How an upstream behaves. */
export type FakeMode = 'ok' | 'slow' | 'fail' | 'oversized' | 'malformed'
export type FakeUpstream = 'arxiv' | 'rss' | 'hf' | 's2'

/** Options of the fake. */
export interface FakeOptions {
  catalogue?: FakePaper[]
  /** Entries of every Hugging Face daily list; default: the recorded `hf-daily.json`. */
  daily?: FakePaper[]
  /** Items of every arXiv listing; default: the recorded `arxiv-rss-cs.CL.xml`. */
  listing?: FakePaper[]
  /** Delay of a `slow` upstream. Default 3 s. */
  slowMs?: number
}

const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/** An arXiv API Atom feed holding `papers`, as arXiv writes it. */
export function atomFeed(papers: FakePaper[]): string {
  const entries = papers.map((paper) => `  <entry>
    <id>http://arxiv.org/abs/${paper.arxivId}v1</id>
    <title>${escapeXml(paper.title)}</title>
    <updated>${paper.published}T12:00:00Z</updated>
    <link href="https://arxiv.org/abs/${paper.arxivId}v1" rel="alternate" type="text/html"/>
    <link href="https://arxiv.org/pdf/${paper.arxivId}v1" rel="related" type="application/pdf" title="pdf"/>
    <summary>${escapeXml(paper.abstract)}</summary>
    <category term="cs.LG" scheme="http://arxiv.org/schemas/atom"/>
    <published>${paper.published}T12:00:00Z</published>
    <arxiv:primary_category term="cs.LG"/>
${paper.authors.map((name) => `    <author><name>${escapeXml(name)}</name></author>`).join('\n')}
  </entry>`)
  return `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom">
  <id>https://arxiv.org/api/fake</id>
  <title>arXiv Query</title>
  <updated>2026-12-02T00:00:00Z</updated>
  <opensearch:totalResults>${papers.length}</opensearch:totalResults>
${entries.join('\n')}
</feed>
`
}

/** A Hugging Face paper entry (`{ paper: {…}, title, summary, … }`, as search and daily papers send). */
export function hfEntry(paper: FakePaper): unknown {
  return {
    paper: {
      id: paper.arxivId,
      authors: paper.authors.map((name, index) => ({ _id: `fake${index}`, name, hidden: false })),
      publishedAt: `${paper.published}T12:00:00.000Z`,
      title: paper.title,
      summary: paper.abstract,
      upvotes: 3,
      ...(paper.codeUrl ? { githubRepo: paper.codeUrl } : {}),
    },
    publishedAt: `${paper.published}T12:00:00.000Z`,
    title: paper.title,
    summary: paper.abstract,
    numComments: 0,
    submittedBy: { _id: 'fake', fullname: 'AK', name: 'akhaliq', type: 'user' },
  }
}

/** An arXiv listing (RSS 2.0) announcing `papers` as new submissions. */
export function rssFeed(category: string, papers: FakePaper[]): string {
  const items = papers.map((paper) => `    <item>
      <title>${escapeXml(paper.title)}</title>
      <link>https://arxiv.org/abs/${paper.arxivId}</link>
      <description>arXiv:${paper.arxivId}v1 Announce Type: new 
Abstract: ${escapeXml(paper.abstract)}</description>
      <guid isPermaLink="false">oai:arXiv.org:${paper.arxivId}v1</guid>
      <category>${category}</category>
      <pubDate>Wed, 02 Dec 2026 00:00:00 -0500</pubDate>
      <arxiv:announce_type>new</arxiv:announce_type>
      <dc:creator>${escapeXml(paper.authors.join(', '))}</dc:creator>
    </item>`)
  return `<?xml version='1.0' encoding='UTF-8'?>
<rss xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns:dc="http://purl.org/dc/elements/1.1/" version="2.0">
  <channel>
    <title>${category} updates on arXiv.org</title>
    <link>http://rss.arxiv.org/rss/${category}</link>
${items.join('\n')}
  </channel>
</rss>
`
}

/** `count` made-up papers with distinct titles and ids (`2612.1xxxx`). */
export function makePapers(count: number, prefix = 'Paper', start = 0): FakePaper[] {
  return Array.from({ length: count }, (_, index) => {
    const n = start + index
    return {
      arxivId: `2612.${String(10000 + n).padStart(5, '0')}`,
      title: `${prefix} ${n}: learning sparse ${['routers', 'tokenizers', 'retrievers', 'adapters'][n % 4]} at scale`,
      authors: [`Author${n} Family${n}`, 'Second Writer'],
      abstract: `We study item ${n}. ${['Diffusion', 'Retrieval', 'Speech', 'Vision'][n % 4]} models get better with ${['data', 'compute', 'care', 'time'][n % 4]}.`,
      published: '2026-12-01',
      codeUrl: n % 3 === 0 ? `https://github.com/example/repo-${n}` : undefined,
      onHf: n % 2 === 0,
      citations: n,
    }
  })
}

/** Starts the fake on a free loopback port. */
export async function startFakeUpstreams(options: FakeOptions = {}) {
  const catalogue = options.catalogue ?? []
  const modes: Record<FakeUpstream, FakeMode> = { arxiv: 'ok', rss: 'ok', hf: 'ok', s2: 'ok' }
  const counts: Record<FakeUpstream, number> = { arxiv: 0, rss: 0, hf: 0, s2: 0 }
  const urls: string[] = []
  /** When each call arrived (ms), per upstream. */
  const times: Record<FakeUpstream, number[]> = { arxiv: [], rss: [], hf: [], s2: [] }
  const byTitle = new Map(catalogue.map((paper) => [normaliseTitle(paper.title), paper]))
  const byId = new Map(catalogue.map((paper) => [paper.arxivId, paper]))
  const slowMs = options.slowMs ?? 3_000

  function answer(upstream: FakeUpstream, url: URL): { status: number; type: string; body: string } {
    const json = (status: number, value: unknown) => ({ status, type: 'application/json; charset=utf-8', body: JSON.stringify(value) })
    if (upstream === 'arxiv') {
      const ids = url.searchParams.get('id_list')
      const query = url.searchParams.get('search_query')
      let papers: FakePaper[] = []
      if (ids) papers = ids.split(',').map((id) => byId.get(id)).filter((paper): paper is FakePaper => !!paper)
      else if (query) {
        const phrases = [...query.matchAll(/ti:"([^"]*)"/g)].map((match) => match[1]!)
        papers = phrases.map((phrase) => byTitle.get(normaliseTitle(phrase))).filter((paper): paper is FakePaper => !!paper)
      }
      return { status: 200, type: 'application/atom+xml; charset=utf-8', body: atomFeed(papers) }
    }
    if (upstream === 'rss') {
      const category = decodeURIComponent(url.pathname.replace(/^\/rss\/rss\//, ''))
      const body = options.listing ? rssFeed(category, options.listing) : fixture('arxiv-rss-cs.CL.xml')
      return { status: 200, type: 'application/rss+xml', body }
    }
    if (upstream === 's2') {
      const id = decodeURIComponent(url.pathname.replace(/^\/s2\/graph\/v1\/paper\//, '')).replace(/^arXiv:/i, '')
      const paper = byId.get(id)
      return paper ? json(200, { paperId: `s2-${id}`, citationCount: paper.citations ?? 0 }) : json(404, { error: `Paper with id ${id} not found` })
    }
    const path = url.pathname.replace(/^\/hf/, '')
    if (path === '/api/daily_papers') {
      return options.daily ? json(200, options.daily.map(hfEntry)) : { status: 200, type: 'application/json', body: fixture('hf-daily.json') }
    }
    if (path === '/api/papers/search') {
      const wanted = normaliseTitle(url.searchParams.get('q') ?? '')
      // like the real search, close spellings find the paper too
      const hit = byTitle.get(wanted) ?? catalogue.find((paper) => boundedEditDistance(normaliseTitle(paper.title), wanted, 3) <= 3)
      const decoy: FakePaper = { arxivId: '2612.99999', title: `A survey of ${wanted || 'everything'}`, authors: ['Someone Else'], abstract: 'Not the one.', published: '2026-11-01' }
      return json(200, [...(hit && hit.onHf !== false ? [hfEntry(hit)] : []), hfEntry(decoy)])
    }
    const id = path.replace(/^\/api\/papers\//, '')
    const paper = byId.get(id)
    return paper && paper.onHf !== false ? json(200, (hfEntry(paper) as { paper: unknown }).paper) : json(404, { error: 'Paper not found' })
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake.invalid')
    const upstream = (url.pathname.split('/')[1] ?? '') as FakeUpstream
    if (!(upstream in counts)) return void res.writeHead(404).end('no such upstream')
    counts[upstream]++
    times[upstream].push(Date.now())
    urls.push(req.url ?? '')
    const mode = modes[upstream]
    const send = () => {
      if (res.destroyed) return
      if (mode === 'fail') return void res.writeHead(503, { 'content-type': 'text/plain' }).end('Service Unavailable')
      if (mode === 'malformed') return void res.writeHead(200, { 'content-type': 'application/json' }).end('<html>{not json, not xml')
      if (mode === 'oversized') {
        // no content-length: the relay must stop reading at its cap
        res.writeHead(200, { 'content-type': 'application/json' })
        const chunk = Buffer.alloc(64 * 1024, 0x20)
        let sent = 0
        const pump = () => {
          while (sent < 16 * 1024 * 1024 && !res.destroyed) {
            sent += chunk.length
            if (!res.write(chunk)) return void res.once('drain', pump)
          }
          res.end()
        }
        return pump()
      }
      const reply = answer(upstream, url)
      res.writeHead(reply.status, { 'content-type': reply.type }).end(reply.body)
    }
    if (mode === 'slow') {
      const timer = setTimeout(send, slowMs)
      res.once('close', () => clearTimeout(timer))
    } else send()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const bases: UpstreamBases = {
    arxivApi: `${origin}/arxiv`, arxivRss: `${origin}/rss`, huggingFace: `${origin}/hf`, semanticScholar: `${origin}/s2`, crossref: `${origin}/crossref`,
  }
  return {
    origin,
    bases,
    /** The same, as the built relay's environment variables. */
    env: {
      SHORTLIST_ARXIV_API_URL: bases.arxivApi!, SHORTLIST_ARXIV_RSS_URL: bases.arxivRss!, SHORTLIST_HF_URL: bases.huggingFace!,
      SHORTLIST_SEMANTIC_SCHOLAR_URL: bases.semanticScholar!, SHORTLIST_CROSSREF_URL: bases.crossref!,
    },
    counts,
    urls,
    times,
    setMode: (upstream: FakeUpstream, mode: FakeMode) => void (modes[upstream] = mode),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
