import { describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import { exportBibtex, exportCslJson, exportCsv, exportMarkdown, citeKeys, parsePapers } from '../../src/io/index.js'
import type { ParsedPaper } from '../../src/io/index.js'
import { addPaper } from '../../src/doc/ops.js'
import { listPapers } from '../../src/doc/queries.js'
import type { Paper } from '../../src/doc/schema.js'
import type { PaperId } from '../../src/doc/ids.js'

/** A list holding papers that exercise every escaping rule. */
function sampleList(): Paper[] {
  const doc = new Y.Doc()
  const inputs: ParsedPaper[] = [
    { title: 'Attention Is All You Need', authors: ['Ashish Vaswani', 'Noam Shazeer'], arxivId: '1706.03762', published: '2017-06-12', abstract: 'The dominant sequence transduction models.\n\nSecond paragraph.', tags: ['transformers'] },
    { title: 'Attention Is Not Explanation', authors: ['Ashish Vaswani'], doi: '10.18653/v1/N19-1357', published: '2017', venue: 'Proceedings of NAACL', url: 'https://aclanthology.org/N19-1357/' },
    { title: '100% {braces} & $money$ #1 a_b ~ ^ \\ "quotes"', authors: ['Jörg Müller', 'Jan van der Berg', 'Martin Luther King, Jr.', 'Plato'], published: '2020-03', venue: 'Journal of Things', doi: '10.1000/abc', pdfUrl: 'https://example.org/a.pdf', codeUrl: 'https://github.com/a/b' },
    { title: 'Über Cafés', authors: ['Søren Østergaard'], url: 'https://example.org/paper?x=1&y=2', published: '2021-12-01', abstract: 'Text with <b>html</b> and [a link](javascript:alert(1)).' },
    { title: 'Attention is all you need too', authors: ['A. Vaswani'], arxivId: 'hep-th/9901001', published: '2017-01' },
  ]
  inputs.forEach((input, index) => addPaper(doc, input, 'm1', 1000 + index))
  return listPapers(doc)
}

/** The fields a round trip must keep. */
const essentials = (paper: ParsedPaper | Paper) => ({
  title: paper.title ?? '', authors: paper.authors ?? [], arxivId: paper.arxivId ?? '', doi: paper.doi ?? '', published: paper.published ?? '',
  abstract: paper.abstract ?? '', url: paper.url ?? '', pdfUrl: paper.pdfUrl ?? '', codeUrl: paper.codeUrl ?? '', venue: paper.venue ?? '', tags: paper.tags ?? [],
})

/** Re-imports parsed papers into a fresh list, so defaults (arXiv links) fill in as they did for the originals. */
function reimport(papers: ParsedPaper[]): Paper[] {
  const doc = new Y.Doc()
  papers.forEach((paper, index) => addPaper(doc, paper, 'm1', 1000 + index))
  return listPapers(doc)
}

describe('round trips: export then import gives the same papers', () => {
  const papers = sampleList()
  test('BibTeX', () => {
    const text = exportBibtex(papers)
    const result = parsePapers(text)
    expect(result.skipped).toEqual([])
    expect(reimport(result.papers).map(essentials)).toEqual(papers.map(essentials))
  })
  test('CSL-JSON', () => {
    const result = parsePapers(exportCslJson(papers))
    expect(result.format).toBe('csl-json')
    expect(reimport(result.papers).map(essentials)).toEqual(papers.map(essentials))
  })
})

describe('BibTeX export', () => {
  const papers = sampleList()
  const text = exportBibtex(papers)
  test('stable cite keys, deduplicated with letters in order of adding', () => {
    const keys = [...citeKeys(papers).values()].sort()
    expect(keys).toEqual(['muller2020100', 'ostergaard2021uber', 'vaswani2017attention', 'vaswani2017attentiona', 'vaswani2017attentionb'].sort())
    const reversed = citeKeys([...papers].reverse())
    expect([...reversed.entries()].sort()).toEqual([...citeKeys(papers).entries()].sort())
  })
  test('arXiv papers carry eprint fields; special characters are escaped', () => {
    expect(text).toContain('eprint        = {1706.03762}')
    expect(text).toContain('archivePrefix = {arXiv}')
    expect(text).toContain('{100\\% \\{braces\\} \\& \\$money\\$ \\#1 a\\_b \\textasciitilde{} \\^{} \\textbackslash{} "quotes"}')
    expect(text).toMatch(/author += \{Müller, Jörg and van der Berg, Jan and King, Jr\., Martin Luther and \{Plato\}\}/)
    expect(text).toMatch(/@inproceedings\{vaswani2017attentiona,[^@]*booktitle += \{Proceedings of NAACL\}/)
  })
  test('braces balance in every entry', () => {
    for (const entry of text.split(/\n(?=@)/)) {
      let depth = 0
      for (let at = 0; at < entry.length; at++) {
        if (entry[at] === '\\') at++
        else if (entry[at] === '{') depth++
        else if (entry[at] === '}') depth--
        expect(depth).toBeGreaterThanOrEqual(0)
      }
      expect(depth).toBe(0)
    }
  })
})

describe('CSV export', () => {
  test('RFC 4180 quoting, CRLF rows, and formulas defused', () => {
    const [paper] = sampleList()
    const evil = { ...paper!, title: '=HYPERLINK("http://evil","x")', authors: ['+cmd', '-2', '@SUM(A1)'], abstract: 'line one\nline "two", end' }
    const csv = exportCsv([evil], { votes: new Map([[evil.id, 3]]) })
    const lines = csv.split('\r\n')
    expect(lines[0]).toBe('id,title,authors,authorCount,published,venue,arxivId,doi,url,pdfUrl,codeUrl,tags,status,discussedOn,votes,upvotes,addedAt,abstract')
    expect(csv).toContain(`arxiv:1706.03762,"'=HYPERLINK(""http://evil"",""x"")","'+cmd; '-2; '@SUM(A1)",3,2017-06-12,`)
    expect(csv).toContain(',3,0,1970-01-01T00:00:01.000Z,"line one\nline ""two"", end"\r\n')
    expect(csv.endsWith('\r\n')).toBe(true)
  })
})

describe('Markdown export', () => {
  test('peer text cannot inject links, images or HTML; real links are http(s) only', () => {
    const papers = sampleList()
    const evil = { ...papers[3]!, title: '[click](https://evil.example) ![img](x.png) <script>alert(1)</script> # not a heading', url: 'javascript:alert(1)' }
    const notes = new Map<PaperId, string>([[evil.id, '# Heading?\n[x](https://phish.example)\n<img src=x onerror=alert(1)>\nvisit www.evil.example']])
    const md = exportMarkdown([papers[0]!, evil], { heading: 'Journal club', votes: new Map([[papers[0]!.id, 2]]), notes })
    expect(md).toContain('# Journal club')
    expect(md).toContain('1. **Attention Is All You Need** — Ashish Vaswani, Noam Shazeer · 2017\\-06\\-12 · 2 votes')
    expect(md).toContain('[arXiv:1706.03762](https://arxiv.org/abs/1706.03762) · [PDF](https://arxiv.org/pdf/1706.03762)')
    expect(md).not.toMatch(/<script|<img|\]\(https:\/\/evil|\]\(https:\/\/phish|javascript:/)
    expect(md).toContain('\\[click\\]\\(https\\://evil.example\\)')
    expect(md).toContain('   > \\# Heading?')
    expect(md).toContain('www\\.evil.example')
    expect(exportMarkdown([evil], { notes: new Map([[evil.id, '1. not a list']]) })).toContain('> 1\\. not a list')
    const links = [...md.matchAll(/(?<!\\)\]\((.*?)\)/g)].map((match) => match[1])
    expect(links.every((url) => /^https?:\/\//.test(url!))).toBe(true)
  })
})
