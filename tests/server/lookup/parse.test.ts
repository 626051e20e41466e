import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { arxivBatchUrl, arxivIdFromEntryId, parseArxivFeed } from '../../../server/lookup/arxiv.js'
import { datePartsToIso, jatsToText, parseCrossrefWork } from '../../../server/lookup/crossref.js'
import { parseHfPaper } from '../../../server/lookup/huggingFace.js'
import { MAX_IDS_PER_REQUEST, parseLookupIds, toLookupKey } from '../../../server/lookup/ids.js'
import { fixture } from './fixtureFetch.js'

describe('arXiv feed', () => {
  test('reads both papers of the recorded batch, new-style and old-style ids', () => {
    const feed = parseArxivFeed(fixture('arxiv-batch.xml'))
    expect(feed.ok).toBe(true)
    if (!feed.ok) return
    expect([...feed.papers.keys()]).toEqual(['2106.09685', 'hep-th/9711200'])
    const lora = feed.papers.get('2106.09685')!
    expect(lora.title).toBe('LoRA: Low-Rank Adaptation of Large Language Models')
    expect(lora.authors).toHaveLength(8)
    expect(lora.authors?.[0]).toBe('Edward J. Hu')
    expect(lora.published).toBe('2021-06-17')
    expect(lora.abstract).toMatch(/^An important paradigm of natural language processing consists of large-scale pre-training/)
    expect(lora.abstract).not.toMatch(/\n/)
    expect(lora.url).toBe('https://arxiv.org/abs/2106.09685')
    expect(lora.pdfUrl).toBe('https://arxiv.org/pdf/2106.09685')
    expect(lora.doi).toBeUndefined()
    const ads = feed.papers.get('hep-th/9711200')!
    expect(ads.authors).toEqual(['Juan M. Maldacena'])
    expect(ads.doi).toBe('10.1023/a:1026654312961')
    expect(ads.venue).toBe('Adv.Theor.Math.Phys.2:231-252,1998')
    expect(ads.published).toBe('1997-11-27')
    expect(ads.abstract).toContain("The 't Hooft limit")
  })

  test('an id arXiv does not have is simply absent', () => {
    const feed = parseArxivFeed(fixture('arxiv-empty.xml'))
    expect(feed).toEqual({ ok: true, papers: new Map() })
  })

  test("arXiv's error entry becomes an error, not a paper titled Error", () => {
    const feed = parseArxivFeed(fixture('arxiv-error.xml'))
    expect(feed).toEqual({ ok: false, error: 'arXiv rejected the query: incorrect id format for 1234.12345.' })
  })

  test('odd input never throws', () => {
    for (const body of ['', 'Rate exceeded.', '<feed', '<feed><entry><id>x</id></entry></feed>', '<html><body>502</body></html>',
      '<feed><entry><id>http://arxiv.org/abs/2106.09685v1</id><title><b>x</b></title><author>7</author></entry></feed>']) {
      expect(() => parseArxivFeed(body)).not.toThrow()
    }
    expect(parseArxivFeed('Rate exceeded.').ok).toBe(false)
  })

  test('entry ids lose their version; the batch URL lists ids with commas', () => {
    expect(arxivIdFromEntryId('http://arxiv.org/abs/hep-th/9711200v3')).toBe('hep-th/9711200')
    expect(arxivIdFromEntryId('https://arxiv.org/abs/2106.09685v2')).toBe('2106.09685')
    expect(arxivIdFromEntryId('http://arxiv.org/api/errors#x')).toBeNull()
    expect(arxivBatchUrl(['2106.09685', 'hep-th/9711200'])).toBe(
      'https://export.arxiv.org/api/query?id_list=2106.09685,hep-th/9711200&max_results=2')
  })
})

describe('Crossref work', () => {
  test('reads title with subtitle, authors, JATS abstract, date, venue and link', () => {
    const work = parseCrossrefWork(fixture('crossref-work.json'), '10.1145/3442188.3445922')
    expect(work.ok).toBe(true)
    if (!work.ok) return
    expect(work.paper).toEqual({
      title: 'On the Dangers of Stochastic Parrots: Can Language Models Be Too Big? 🦜',
      doi: '10.1145/3442188.3445922',
      authors: ['Emily M. Bender', 'Timnit Gebru', 'Angelina McMillan-Major', 'Shmargaret Shmitchell'],
      abstract: expect.stringMatching(/^The past 3 years of work in NLP .* sheer size\.$/),
      published: '2021-03-03',
      venue: 'Proceedings of the 2021 ACM Conference on Fairness, Accountability, and Transparency',
      url: 'https://doi.org/10.1145/3442188.3445922',
    })
  })

  test('JATS becomes plain paragraphs; entities are decoded; a heading is dropped', () => {
    expect(jatsToText('<jats:title>Abstract</jats:title><jats:p>A &amp; B &lt;3</jats:p>\n<jats:p>Second <jats:italic>one</jats:italic>.</jats:p>'))
      .toBe('A & B <3\n\nSecond one.')
  })

  test('date parts of any precision', () => {
    expect(datePartsToIso([2021, 3, 3])).toBe('2021-03-03')
    expect(datePartsToIso([2021, 3])).toBe('2021-03')
    expect(datePartsToIso([2021])).toBe('2021')
    expect(datePartsToIso([null])).toBe('')
    expect(datePartsToIso(['2021'])).toBe('')
  })

  test('odd JSON is an error, never a throw', () => {
    expect(parseCrossrefWork('Resource not found.', '10.1/x').ok).toBe(false)
    expect(parseCrossrefWork('{"message":{"title":"not a list"}}', '10.1/x').ok).toBe(false)
    const odd = parseCrossrefWork('{"message":{"title":["T"],"author":[5,{"name":"Org"}],"URL":"javascript:alert(1)","issued":{"date-parts":"x"}}}', '10.1/x')
    expect(odd).toEqual({ ok: true, paper: { title: 'T', doi: '10.1/x', authors: ['Org'], url: 'https://doi.org/10.1/x' } })
  })
})

describe('Hugging Face paper', () => {
  test('reads the code link and upvotes', () => {
    expect(parseHfPaper(fixture('hf-paper.json'))).toEqual({ codeUrl: 'https://github.com/microsoft/LoRA', upvotes: 47 })
  })

  test('ignores what it cannot use', () => {
    expect(parseHfPaper(fixture('hf-not-found.json'))).toEqual({})
    expect(parseHfPaper('[1]')).toEqual({})
    expect(parseHfPaper('{"githubRepo":"javascript:alert(1)","upvotes":-3}')).toEqual({})
  })
})

describe('requested ids', () => {
  test('every accepted form resolves to one key', () => {
    expect(toLookupKey('arXiv:2106.09685v2')?.key).toBe('arxiv:2106.09685')
    expect(toLookupKey('arxiv:hep-th/9711200')?.key).toBe('arxiv:hep-th/9711200')
    expect(toLookupKey('2106.09685')?.key).toBe('arxiv:2106.09685')
    expect(toLookupKey('doi:10.1145/3442188.3445922')?.key).toBe('doi:10.1145/3442188.3445922')
    expect(toLookupKey('https://doi.org/10.1145/3442188.3445922')?.key).toBe('doi:10.1145/3442188.3445922')
    expect(toLookupKey('10.48550/arXiv.2106.09685')?.key).toBe('arxiv:2106.09685')
    expect(toLookupKey('not an id')).toBeNull()
    expect(toLookupKey('x'.repeat(400))).toBeNull()
  })

  test('commas split ids, but not a comma inside a DOI', () => {
    const parsed = parseLookupIds(['arXiv:2106.09685,doi:10.1002/(sici)1,2-x,hep-th/9711200,'])
    expect(parsed.ok && parsed.ids.map((id) => id.requested)).toEqual(['arXiv:2106.09685', 'doi:10.1002/(sici)1,2-x', 'hep-th/9711200'])
  })

  test('no ids or too many is a malformed request', () => {
    expect(parseLookupIds([]).ok).toBe(false)
    expect(parseLookupIds([' , ']).ok).toBe(false)
    const many = Array.from({ length: MAX_IDS_PER_REQUEST + 1 }, (_, i) => `arXiv:2401.${String(10000 + i)}`).join(',')
    expect(parseLookupIds([many]).ok).toBe(false)
  })
})

describe('hostile input', () => {
  test('no parser throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        parseArxivFeed(text)
        parseArxivFeed(`<feed><entry><id>http://arxiv.org/abs/${text}</id><title>${text}</title><summary>${text}</summary></entry></feed>`)
        parseCrossrefWork(text, '10.1/x')
        parseCrossrefWork(JSON.stringify({ message: { title: [text], abstract: text, author: [{ given: text }] } }), '10.1/x')
        parseHfPaper(text)
        parseLookupIds([text])
        jatsToText(text)
      }),
      { seed: 20240514, numRuns: 300 },
    )
    expect(parseArxivFeed('<feed>' + '<entry><id>x</id></entry>'.repeat(2_000) + '</feed>')).toEqual({ ok: true, papers: new Map() })
  })

  test('tag stripping stays linear on a flood of unclosed brackets', () => {
    // A quadratic scan takes seconds here; a linear one a few milliseconds.
    const started = performance.now()
    expect(jatsToText('<'.repeat(1_000_000) + 'x')).toHaveLength(1_000_001)
    expect(performance.now() - started).toBeLessThan(1_000)
  })
})
