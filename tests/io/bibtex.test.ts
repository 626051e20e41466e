import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { parsePapers, parsePapersBatched } from '../../src/io/index.js'

const sample = readFileSync(join(import.meta.dirname, '../fixtures/io/sample.bib'), 'utf8')

describe('BibTeX', () => {
  const result = parsePapers(sample)

  test('is detected, and good entries around a broken one parse', () => {
    expect(result.format).toBe('bibtex')
    expect(result.papers.map((paper) => paper.title)).toEqual([
      'Attention Is All You Need', 'Über die Schönheit von Cafés — eine Studie', 'A Preprint', 'Deep residual learning', 'The TeXbook',
    ])
  })

  test('bad entries are reported with their line and a reason', () => {
    expect(result.skipped.map(({ line, text }) => ({ line, text: text.slice(0, 13) }))).toEqual([
      { line: 28, text: '@misc{broken,' },
      { line: 55, text: '@misc{nokey_f' },
    ])
    expect(result.skipped.every((item) => item.reason.length > 10)).toBe(true)
  })

  test('eprint + archivePrefix, @string macros, months', () => {
    expect(result.papers[0]).toEqual({
      title: 'Attention Is All You Need',
      authors: ['Ashish Vaswani', 'Noam Shazeer', 'Niki Parmar', 'Jakob Uszkoreit'],
      published: '2017-12',
      arxivId: '1706.03762',
      venue: 'Advances in Neural Information Processing Systems',
    })
  })

  test('LaTeX accents, braces, dashes, math and particles are decoded', () => {
    expect(result.papers[1]).toEqual({
      title: 'Über die Schönheit von Cafés — eine Studie',
      authors: ['Jörg Müller', 'Jan van der Berg', 'Søren Østergaard', 'Google Brain'],
      abstract: 'We study x2 and emphasis.\n\nA second paragraph.',
      published: '2020-03',
      doi: '10.1000/abc.def',
      venue: 'Journal of Things',
      tags: ['beauty', 'coffee'],
    })
  })

  test('an `arxiv` field, a biblatex date, \\url in howpublished, and "others" dropped', () => {
    expect(result.papers[2]).toEqual({
      title: 'A Preprint', authors: ['Jane Doe'], published: '2024-01-23', arxivId: '2401.12345', url: 'https://example.org/preprint',
    })
  })

  test('Google Scholar style "arXiv preprint arXiv:…" in the journal gives the id, not a venue', () => {
    expect(result.papers[3]).toEqual({ title: 'Deep residual learning', authors: ['Kaiming He', 'Xiangyu Zhang'], published: '2015', arxivId: '1512.03385' })
  })

  test('a lone entry, with Windows line ends, parses', () => {
    const text = '@misc{a,\r\n  title = {One},\r\n  doi = {10.1000/x}\r\n}\r\n'
    expect(parsePapers(text).papers).toEqual([{ title: 'One', doi: '10.1000/x' }])
  })

  test('an entry with nothing to identify it is skipped', () => {
    const { papers, skipped } = parsePapers('@misc{empty, year = {2020}}\n@misc{ok, title = {Fine}}')
    expect(papers).toEqual([{ title: 'Fine' }])
    expect(skipped).toEqual([{ line: 1, text: '@misc{empty, year = {2020}}', reason: expect.stringMatching(/title/) }])
  })

  test('a non-http link is dropped, never passed on', () => {
    const { papers } = parsePapers('@misc{x, title = {T}, url = {javascript:alert(1)}, code = {data:text/html,x}}')
    expect(papers).toEqual([{ title: 'T' }])
  })

  test('duplicates merge: the first wins, a later one fills gaps', () => {
    const { papers } = parsePapers('@misc{a, title = {First}, eprint = {2401.12345}}\n@misc{b, title = {Second}, eprint = {2401.12345v2}, abstract = {Abs}}')
    expect(papers).toEqual([{ title: 'First', arxivId: '2401.12345', abstract: 'Abs' }])
  })
})

describe('large files', () => {
  const entries = Array.from({ length: 600 }, (_, i) => `@misc{k${i},\n  title = {Paper \\emph{${i}} on $\\alpha$},\n  eprint = {2401.${String(10000 + i)}},\n  archivePrefix = {arXiv}\n}`)
  entries[321] = '@misc{broken,\n  title = {never closed,\n'
  const text = entries.join('\n')

  test('a broken entry deep inside a large file costs only itself', () => {
    const result = parsePapers(text)
    expect(result.papers).toHaveLength(599)
    expect(result.papers[0]).toEqual({ title: 'Paper 0 on α', arxivId: '2401.10000' })
    expect(result.papers[321]!.title).toBe('Paper 322 on α')
    expect(result.skipped).toEqual([{ line: 321 * 5 + 1, text: '@misc{broken, title = {never closed,', reason: expect.any(String) }])
  })

  test('the batched parse reports progress and gives the same result', async () => {
    const progress: [number, number][] = []
    const batched = await parsePapersBatched(text, { batchSize: 100, onProgress: (done, total) => progress.push([done, total]) })
    expect(batched).toEqual(parsePapers(text))
    expect(progress).toEqual([[0, 600], [100, 600], [200, 600], [300, 600], [400, 600], [500, 600], [600, 600]])
  })
})
