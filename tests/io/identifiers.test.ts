import { describe, expect, test } from 'vitest'
import { parsePapers } from '../../src/io/index.js'
import { paperIdFor } from '../../src/doc/ids.js'

const today = new Date('2025-11-30T12:00:00Z')
const ids = (text: string) => parsePapers(text, { referenceDate: today }).papers.map((paper) => paperIdFor(paper))

describe('arXiv ids in every pasted form', () => {
  test.each([
    '2401.12345', '2401.12345v2', 'arXiv:2401.12345', 'arXiv: 2401.12345v3', 'ARXIV:2401.12345',
    'https://arxiv.org/abs/2401.12345', 'https://arxiv.org/abs/2401.12345v2', 'https://arxiv.org/pdf/2401.12345',
    'https://arxiv.org/pdf/2401.12345v1.pdf', 'https://arxiv.org/html/2401.12345v1', 'http://www.arxiv.org/abs/2401.12345',
    'arxiv.org/abs/2401.12345', 'https://huggingface.co/papers/2401.12345', 'huggingface.co/papers/2401.12345',
    '<https://arxiv.org/abs/2401.12345>', '(https://arxiv.org/abs/2401.12345).',
  ])('%s', (raw) => {
    expect(ids(raw)).toEqual(['arxiv:2401.12345'])
  })
  test.each(['hep-th/9901001', 'arXiv:hep-th/9901001v2', 'https://arxiv.org/abs/hep-th/9901001', 'https://arxiv.org/pdf/hep-th/9901001v2'])(
    'old style %s',
    (raw) => expect(ids(raw)).toEqual(['arxiv:hep-th/9901001']),
  )
  test('old style with a subject class keeps it', () => {
    expect(ids('see math.AG/0601001 today')).toEqual(['arxiv:math.ag/0601001'])
  })
  test('four-digit ids from before 2015', () => {
    expect(ids('0704.0001 and 1412.9999')).toEqual(['arxiv:0704.0001', 'arxiv:1412.9999'])
  })
})

describe('DOIs', () => {
  test.each(['10.1145/3580305.3599256', 'doi:10.1145/3580305.3599256', 'DOI: 10.1145/3580305.3599256', 'https://doi.org/10.1145/3580305.3599256', 'http://dx.doi.org/10.1145/3580305.3599256', 'https://doi.org/10.1145/3580305.3599256.', 'doi.org/10.1145/3580305.3599256'])(
    '%s',
    (raw) => expect(ids(raw)).toEqual(['doi:10.1145/3580305.3599256']),
  )
  test('are lower-cased and lose trailing punctuation, but keep balanced parentheses', () => {
    expect(ids('(doi:10.1016/S0140-6736(20)30183-5).')).toEqual(['doi:10.1016/s0140-6736(20)30183-5'])
    expect(ids('See 10.1000/ABC;')).toEqual(['doi:10.1000/abc'])
  })
  test('publisher pages that carry the DOI resolve to it and keep the page', () => {
    const { papers } = parsePapers('https://dl.acm.org/doi/10.1145/3580305.3599256')
    expect(papers).toEqual([{ doi: '10.1145/3580305.3599256', url: 'https://dl.acm.org/doi/10.1145/3580305.3599256' }])
  })
})

describe('links', () => {
  test('an OpenReview forum or PDF link is the forum page, identified by its id', () => {
    const { papers } = parsePapers('https://openreview.net/forum?id=abcDEF123&noteId=xyz\nhttps://openreview.net/pdf?id=abcDEF123')
    expect(papers).toEqual([{ url: 'https://openreview.net/forum?id=abcDEF123', pdfUrl: 'https://openreview.net/pdf?id=abcDEF123' }])
    expect(paperIdFor(papers[0]!)).toBe('url:https://openreview.net/forum?id=abcDEF123')
  })
  test('any other http(s) link is a plain link; other schemes are ignored', () => {
    const { papers } = parsePapers('read https://example.org/post?x=1, not javascript:alert(1) or ftp://x.org/a')
    expect(papers).toEqual([{ url: 'https://example.org/post?x=1' }])
  })
})

describe('several per paste', () => {
  test('one per line, mixed in prose, deduplicated by paper id in first-seen order', () => {
    const text = [
      'Papers for Thursday:',
      '- Attention (arXiv:1706.03762v5) and its PDF https://arxiv.org/pdf/1706.03762.pdf',
      '- 2401.12345; also https://huggingface.co/papers/2401.12345 again',
      '* the DOI https://doi.org/10.1145/3580305.3599256, and 10.1145/3580305.3599256',
      'https://example.org/blog/post',
    ].join('\n')
    expect(ids(text)).toEqual(['arxiv:1706.03762', 'arxiv:2401.12345', 'doi:10.1145/3580305.3599256', 'url:https://example.org/blog/post'])
  })
  test('CRLF and non-breaking spaces parse the same', () => {
    expect(ids('arXiv:2401.12345\r\n\u00a02401.12346\u00a0\r\n')).toEqual(['arxiv:2401.12345', 'arxiv:2401.12346'])
  })
})

describe('no false positives', () => {
  test.each([
    'version 1.2.3', 'released 2023.10.05', 'on 2023-10-05', 'call 0412.345.678', 'call +1 (555) 0123.4567', 'pi is 3.14159',
    '1234.5678', 'ids like 2413.12345 (month 13)', '2401.1234 (too few digits for 2024)', '0612.1234 (before April 2007)',
    '9912.12345', 'build 2401.12345.1', 'v2401.12345', 'path a/2401.12345-b', 'hep-th/9913001 (month 13)', 'and/9901001',
    'price $2401.12', 'future 3001.12345',
  ])('%s', (text) => {
    expect(ids(text)).toEqual([])
  })
  test('text with nothing usable reports its lines as skipped', () => {
    const result = parsePapers('just some words\n\nand more')
    expect(result.papers).toEqual([])
    expect(result.skipped.map((item) => item.line)).toEqual([1, 3])
  })
  test('a lone token that is not an id is reported; prose around ids is not', () => {
    const result = parsePapers('Some prose here.\n2401.12345\narXiv:nonsense\n')
    expect(result.papers).toHaveLength(1)
    expect(result.skipped).toEqual([{ line: 3, text: 'arXiv:nonsense', reason: expect.any(String) }])
  })
})
