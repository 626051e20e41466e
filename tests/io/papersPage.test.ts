import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { parsePapers } from '../../src/io/index.js'
import { addPaper } from '../../src/doc/ops.js'
import { listPapers } from '../../src/doc/queries.js'
import * as Y from 'yjs'

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '../fixtures/io', name), 'utf8')
const sample = fixture('papers-page-sample.txt')
const today = new Date('2025-11-30T12:00:00Z')
const parse = (text: string, referenceDate = today) => parsePapers(text, { referenceDate })

describe('a copied page of papers', () => {
  test('every entry of the sample becomes a paper, the chrome none', () => {
    const result = parse(sample)
    expect(result.format).toBe('papers-page')
    expect(result.skipped).toEqual([])
    expect(result.papers).toHaveLength(12)
    expect(result.papers.map((paper) => paper.title)).not.toContain('Daily Papers')
  })

  test('an entry with a year and a code link in the abstract', () => {
    const paper = parse(sample).papers[0]!
    expect(paper).toMatchObject({
      title: 'Discriminative Class Tokens for Text-to-Image Diffusion Models',
      authorCount: 7,
      published: '2023-03-30',
      codeUrl: 'https://github.com/idansc/discriminative_class_tokens',
    })
    expect(paper.abstract).toMatch(/^Recent advances in text-to-image diffusion models/)
    expect(paper.abstract).toMatch(/The code is available at https:\/\/github\.com\/idansc\/discriminative_class_tokens$/)
    expect(paper.upvotes).toBeUndefined()
  })

  test('a date without a year is this year; a trailing period is not part of the code link', () => {
    expect(parse(sample).papers[1]).toMatchObject({
      title: 'CoPS: Conditional Prompt Synthesis for Zero-Shot Anomaly Detection',
      authorCount: 10,
      published: '2025-08-05',
      codeUrl: 'https://github.com/cqylunlun/CoPS',
    })
  })

  test('a trailing number after the date is the upvote count, with or without a year', () => {
    const papers = parse(sample).papers
    expect(papers[7]).toMatchObject({ title: expect.stringMatching(/^DOEI: Dual Optimization/), authorCount: 9, published: '2025-02-21', upvotes: 2, codeUrl: 'https://github.com/AIGeeksGroup/DOEI' })
    expect(papers[9]).toMatchObject({ title: 'Adapting LLaMA Decoder to Vision Transformer', authorCount: 9, published: '2024-04-10', upvotes: 1 })
    expect(papers[9]!.codeUrl).toBeUndefined()
  })

  test('the last entry is complete', () => {
    const last = parse(sample).papers.at(-1)!
    expect(last).toMatchObject({ title: 'MMRL: Multi-Modal Representation Learning for Vision-Language Models', authorCount: 2, published: '2025-03-11', codeUrl: 'https://github.com/yunncheng/MMRL' })
    expect(last.abstract).toMatch(/Code is available at https:\/\/github\.com\/yunncheng\/MMRL\.$/)
  })

  test('a date without a year that would lie in the future is last year', () => {
    const papers = parse(sample, new Date('2026-01-10T00:00:00Z')).papers
    expect(papers[1]!.published).toBe('2025-08-05')
    expect(papers[8]!.published).toBe('2025-11-17')
    expect(parse(sample, new Date('2025-03-12T00:00:00Z')).papers[11]!.published).toBe('2025-03-11')
    expect(parse(sample, new Date('2025-03-05T00:00:00Z')).papers[11]!.published).toBe('2024-03-11')
  })

  test('CRLF, non-breaking spaces and missing blank lines parse the same', () => {
    const expected = parse(sample).papers
    const crlf = sample.replace(/\n/g, '\r\n')
    const nbsp = sample.replace(/ (\d+ authors)/g, '\u00a0$1').replace(/(\w{3}) (\d+)/g, '$1\u00a0$2').replace(/ /g, (space, at: number) => (at % 7 ? space : '\u00a0'))
    const dense = sample.replace(/\n\s*\n/g, '\n')
    const phone = sample.replace(/\n\s*\n/g, '\r\n').replace(/ /g, '\u00a0')
    for (const variant of [crlf, nbsp, dense, phone]) {
      const result = parse(variant)
      expect(result.format).toBe('papers-page')
      expect(result.papers).toEqual(expected)
    }
  })

  test('the author count and date on one line, and an upvote count on its own line', () => {
    const text = 'Some Title\nAn abstract. Code: https://github.com/a/b.\n• 3 authors · Jan 2, 2024\n17\nNext Title\nAnother abstract.\n• 1 author\n·\nFeb 3\n'
    expect(parse(text).papers).toEqual([
      { title: 'Some Title', abstract: 'An abstract. Code: https://github.com/a/b.', authorCount: 3, published: '2024-01-02', upvotes: 17, codeUrl: 'https://github.com/a/b' },
      { title: 'Next Title', abstract: 'Another abstract.', authorCount: 1, published: '2025-02-03' },
    ])
  })

  test('every parsed entry can be added to a list as is', () => {
    const doc = new Y.Doc()
    for (const paper of parse(sample).papers) addPaper(doc, paper, 'm1', 1)
    const papers = listPapers(doc)
    expect(papers).toHaveLength(12)
    expect(papers.every((paper) => paper.authorCount > 0 && paper.abstract && paper.published && !paper.pending)).toBe(true)
  })
})

describe('the shapes real copies of a listing page take', () => {
  const sampleTitles = parse(sample).papers.map((paper) => paper.title)

  test('an organisation as submitter ends its entry, and the next entry keeps its own fields', () => {
    const result = parse(fixture('papers-page-new-shapes.txt'))
    expect(result.skipped).toEqual([])
    expect(result.papers).toHaveLength(14)
    const ling = result.papers.find((paper) => paper.title?.startsWith('Ling 2.0'))!
    expect(ling).toMatchObject({ published: '2025-10-24', codeUrl: 'https://github.com/inclusionAI/Ling-V2' })
    expect(ling.authorCount).toBeUndefined()
    expect(ling.abstract).not.toMatch(/inclusionAI inclusionAI|Glued Links/)
    const next = result.papers[result.papers.indexOf(ling) + 1]!
    expect(next).toMatchObject({ title: 'Glued Links: Code Available Without a Scheme', authorCount: 6, published: '2025-10-23', upvotes: 41 })
    expect(result.papers[result.papers.indexOf(next) + 1]!.title).toMatch(/^Representation Entanglement/)
  })

  test('a code link without a scheme, also glued to the word before it, is found', () => {
    const next = parse(fixture('papers-page-new-shapes.txt')).papers.find((paper) => paper.title?.startsWith('Glued Links'))!
    expect(next.codeUrl).toBe('https://github.com/example-lab/glued-links')
    expect(parse('T\nSee notgithub.com/a/b for nothing.\n• 1 author\n·\nMar 1\n').papers[0]!.codeUrl).toBeUndefined()
  })

  test("a desktop copy with the submitter's avatar line and upvotes before each title", () => {
    const result = parse(fixture('papers-page-desktop-submitter.txt'))
    expect(result.skipped).toEqual([])
    expect(result.papers.map((paper) => paper.title)).toEqual(sampleTitles)
    expect(result.papers.map((paper) => paper.abstract)).toEqual(parse(sample).papers.map((paper) => paper.abstract))
  })

  test('a phone copy: author count and date on one line, no blank lines, no upvotes', () => {
    const result = parse(fixture('papers-page-phone.txt'))
    expect(result.papers.map((paper) => paper.title)).toEqual(sampleTitles)
    expect(result.papers.every((paper) => paper.upvotes === undefined && paper.published && paper.authorCount)).toBe(true)
  })

  test('an entry whose attribution is missing still ends at its separator and date: two entries never merge', () => {
    const text = 'First Title\nFirst abstract.\n·\nMar 3\nSecond Title\nSecond abstract.\n• 2 authors\n·\nMar 4\n'
    expect(parse(text).papers).toEqual([
      { title: 'First Title', abstract: 'First abstract.', published: '2025-03-03' },
      { title: 'Second Title', abstract: 'Second abstract.', authorCount: 2, published: '2025-03-04' },
    ])
  })

  test('an attribution and its date on one line', () => {
    const text = 'Some Title\nAn abstract.\nByteDance Seed · Nov 3, 2025\nNext Title\nMore.\n• 4 authors · Nov 2, 2025\n'
    expect(parse(text).papers.map((paper) => [paper.title, paper.published])).toEqual([
      ['Some Title', '2025-11-03'],
      ['Next Title', '2025-11-02'],
    ])
  })
})

