/**
 * Exports of papers a hostile peer wrote straight into the document (bypassing the ops'
 * checks): no field can change the structure of the exported file, run a TeX command, start
 * a spreadsheet formula, add a link that is not http(s), or carry control characters.
 */
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { exportBibtex, exportCslJson, exportCsv, exportMarkdown, parsePapers } from '../../src/io/index.js'
import type { CslItem } from '../../src/io/exportCslJson.js'
import { meetingsToIcs } from '../../src/io/ics.js'
import type { Meeting } from '../../src/doc/club/schema.js'
import type { PaperId } from '../../src/doc/ids.js'
import type { Paper } from '../../src/doc/schema.js'

/** A paper as a hostile replica could store it: any string in any field. */
function rawPaper(fields: Partial<Paper>): Paper {
  return {
    id: 'doi:10.1000/evil' as PaperId, title: 'A title', authors: [], authorCount: 0, abstract: '', url: '', pdfUrl: '', codeUrl: '',
    arxivId: '', doi: '', published: '', venue: '', tags: [], upvotes: 0, addedBy: 'm', addedAt: 1, status: 'queued',
    discussedOn: '', presenter: '', deletedAt: 0, pending: false, editedFields: [], ...fields,
  }
}

const INJECT = '}\n@misc{injected, title={pwned}}\n\\input{/etc/passwd}\u0000'
const hostile = rawPaper({
  title: `Title ${INJECT} \\immediate\\write18{rm -rf ~}`,
  authors: ['Alice } and {Mallory', `Bob ${INJECT}`],
  abstract: `First.\n\n@article{second,\n title = {x}}\n\n${INJECT}`,
  published: `2021${INJECT}`,
  venue: `Proceedings ${INJECT}`,
  doi: `10.1000/x}\n@misc{y,`,
  arxivId: `2101.00001}${INJECT}`,
  url: 'javascript:alert(1)',
  pdfUrl: 'https://example.org/a b}{\\.pdf',
  codeUrl: 'data:text/html,<script>alert(1)</script>',
  tags: ['@tag', `x${INJECT}`],
})

/** Checks the structure of a BibTeX file: entries start only at line starts we wrote, braces close only at each entry's end. */
function expectEntries(text: string, count: number) {
  const entries = text.split(/\n(?=@)/)
  expect(entries).toHaveLength(count)
  for (const entry of entries) {
    expect(entry).toMatch(/^@(article|inproceedings|misc)\{[a-z0-9]+,\n/)
    let depth = 0
    let closedAt = -1
    for (let at = entry.indexOf('{'); at < entry.length && closedAt < 0; at++) {
      if (entry[at] === '\\') at++
      else if (entry[at] === '{') depth++
      else if (entry[at] === '}') depth--
      if (depth === 0) closedAt = at
    }
    expect(entry.slice(closedAt).trimEnd(), 'the entry closes at its end and only there').toBe('}')
    // The only TeX commands in the output are the escapes the exporter writes itself.
    for (const command of entry.matchAll(/\\([A-Za-z]+)/g)) expect(['textbackslash', 'textasciitilde']).toContain(command[1])
  }
  expect(text).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/)
}

describe('BibTeX', () => {
  test('a peer-written published, title, author or abstract cannot add entries or TeX commands', () => {
    const text = exportBibtex([hostile])
    expectEntries(text, 1)
    expect(text).not.toMatch(/^\s*(year|month|date)\s*=/m)
    expect(text).not.toMatch(/javascript:|data:text/)
    expect(text).toContain('pdf           = {https://example.org/a%20b%7D%7B%5C.pdf}')
    const reread = parsePapers(text)
    expect(reread.papers).toHaveLength(1)
    expect(reread.skipped).toEqual([])
    expect(reread.papers[0]!.title).toContain('@misc{injected, title={pwned}}')
    expect(reread.papers[0]!.title).toContain('\\input{/etc/passwd}')
  })

  test('dates are written only when they are real ISO dates', () => {
    const dated = (published: string) => exportBibtex([rawPaper({ published })])
    expect(dated('2021-03-05')).toMatch(/year += 2021,\n {2}month += mar,\n {2}date += \{2021-03-05\}/)
    expect(dated('2021')).toMatch(/year += 2021,\n {2}date += \{2021\}/)
    for (const bad of ['2021-02-30', '2021-13', '20210', '2021 ', 'x2021', '2021-1-1']) expect(dated(bad)).not.toMatch(/year|date/)
  })

  test('property: any strings in any field give one well-formed entry per paper', () => {
    const text = fc.string({ unit: 'binary', maxLength: 40 })
    const paper = fc.record({ title: text, authors: fc.array(text, { maxLength: 3 }), abstract: text, published: text, venue: text, doi: text, arxivId: text, url: text, tags: fc.array(text, { maxLength: 3 }) })
    fc.assert(
      fc.property(fc.array(paper, { minLength: 1, maxLength: 3 }), (fields) => {
        const papers = fields.map((paper, index) => rawPaper({ ...paper, id: `doi:10.1/${index}` as PaperId, addedAt: index }))
        expectEntries(exportBibtex(papers), papers.length)
      }),
      { numRuns: 200 },
    )
  })
})

/** Splits CSV as a spreadsheet with `separator` would: quotes count only at a field's start. */
function readCsv(text: string, separator: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let at = 0
  while (at < text.length) {
    let cell = ''
    if (text[at] === '"') {
      at++
      for (;;) {
        const quote = text.indexOf('"', at)
        if (quote < 0) throw new Error('unterminated quote')
        cell += text.slice(at, quote)
        at = quote + 1
        if (text[at] === '"') {
          cell += '"'
          at++
        } else break
      }
    }
    while (at < text.length && text[at] !== separator && text[at] !== '\r') cell += text[at++]
    row.push(cell)
    if (text[at] === separator) at++
    else {
      rows.push(row)
      row = []
      at += 2
    }
  }
  return rows
}

const FORMULA = /^[\s\u00a0\u3000]*[=+\-@\uff1d\uff0b\uff0d\uff20]|^[\t\r\n]/

describe('CSV', () => {
  const evil = rawPaper({
    title: '  =1+1',
    authors: ['Ann', '-2+3', ' @SUM(A1)', '\t=cmd'],
    venue: '\uff1dHYPERLINK("http://evil")',
    abstract: 'ok; =cmd|"/c calc"!A1; "\t+x',
    tags: ['a;b', 'nul\u0000here'],
    published: '\r=cmd',
  })
  const csv = exportCsv([evil])

  test('no cell starts a formula, with `,` or `;` or tab as the separator', () => {
    for (const separator of [',', ';', '\t']) {
      for (const cells of readCsv(csv, separator)) {
        for (const cell of cells) expect(cell, `separator ${JSON.stringify(separator)}`).not.toMatch(FORMULA)
      }
    }
  })

  test('cells with `;` are quoted and read back whole; NUL and other control characters are dropped', () => {
    const [header, row] = readCsv(csv, ',')
    const cell = (name: string) => row![header!.indexOf(name)]
    expect(cell('title')).toBe("'  =1+1")
    expect(cell('authors')).toBe("Ann; '-2+3;  '@SUM(A1); \t'=cmd")
    expect(cell('tags')).toBe('a;b; nulhere')
    expect(csv).toContain('"a;b; nulhere"')
    expect(csv).not.toContain('\u0000')
  })
})

describe('Markdown, CSL-JSON and iCalendar', () => {
  test('Markdown: a line break in a title cannot start a block; only http(s) links become links', () => {
    const md = exportMarkdown([rawPaper({ title: 'Title\n\n# Heading\n[x](https://evil.example)\n===', authors: ['A\n- item'], url: 'javascript:alert(1)', published: '2021\n> quote' })], {
      heading: 'List\n# two',
      notes: new Map([['doi:10.1000/evil' as PaperId, 'line\u0000one\r# two\r\nthree']]),
    })
    const lines = md.split('\n')
    expect(lines[0]).toBe('# List \\# two')
    expect(lines[2]).toMatch(/^1\. \*\*Title \\# Heading \\\[x\\\]\\\(https\\:\/\/evil\.example\\\) ===\*\* — A \\- item · 2021 \\> quote$/)
    expect(md).not.toMatch(/javascript:|\u0000/)
    expect(lines.filter((line) => line.startsWith('   > '))).toEqual(['   > lineone', '   > \\# two', '   > three'])
  })

  test('CSL-JSON: dates only when real, links only when http(s)', () => {
    const [item] = JSON.parse(exportCslJson([rawPaper({ published: '2021-99-99', url: 'javascript:alert(1)', pdfUrl: 'file:///etc/passwd', codeUrl: 'https://github.com/a/b' })])) as CslItem[]
    expect(item!.issued).toBeUndefined()
    expect(item!.URL).toBeUndefined()
    expect(item!.custom).toEqual({ shortlistId: 'doi:10.1000/evil', codeUrl: 'https://github.com/a/b' })
    const [dated] = JSON.parse(exportCslJson([rawPaper({ published: '2021-03' })])) as CslItem[]
    expect(dated!.issued).toEqual({ 'date-parts': [[2021, 3]] })
  })

  test('iCalendar: a meeting with a time out of range is left out instead of failing the export', () => {
    const meeting = (startsAt: number): Meeting =>
      ({ date: '2026-12-03', time: '15:00', timeZone: 'UTC', startsAt, endsAt: startsAt + 3_600_000, state: 'planned', paper: { title: 'T\r\nEND:VCALENDAR', url: 'https://a.example' } }) as unknown as Meeting
    const ics = meetingsToIcs([meeting(1e20), meeting(Date.UTC(2026, 11, 3, 15))], { id: 'list', name: 'Club;\nX-EVIL:1', timeZone: 'UTC' }, { now: 0 })
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(1)
    expect(ics).toContain('X-WR-CALNAME:Club\\;\\nX-EVIL:1')
    expect(ics.split('\r\n').filter((line) => line === 'END:VCALENDAR')).toHaveLength(1)
  })
})
