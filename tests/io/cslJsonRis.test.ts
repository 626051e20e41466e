import { describe, expect, test } from 'vitest'
import { parsePapers } from '../../src/io/index.js'

describe('CSL-JSON', () => {
  const item = {
    id: 'x', type: 'article', title: 'A Preprint',
    author: [{ family: 'Doe', given: 'Jane' }, { family: 'Beethoven', given: 'Ludwig', 'non-dropping-particle': 'van' }, { literal: 'The Team' }],
    issued: { 'date-parts': [[2024, 1, 23]] }, abstract: 'Abstract.', publisher: 'arXiv', number: 'arXiv:2401.12345',
    DOI: '10.48550/arXiv.2401.12345', URL: 'https://arxiv.org/abs/2401.12345', keyword: 'a, b',
  }
  test('an array of items', () => {
    const result = parsePapers(JSON.stringify([item, { type: 'article-journal', title: 'Journal paper', DOI: '10.1000/XYZ', issued: { 'date-parts': [[2020, 5]] }, 'container-title': 'J. Things' }]))
    expect(result.format).toBe('csl-json')
    expect(result.papers).toEqual([
      { title: 'A Preprint', authors: ['Jane Doe', 'Ludwig van Beethoven', 'The Team'], abstract: 'Abstract.', published: '2024-01-23', arxivId: '2401.12345', url: 'https://arxiv.org/abs/2401.12345', tags: ['a', 'b'] },
      { title: 'Journal paper', published: '2020-05', doi: '10.1000/xyz', venue: 'J. Things' },
    ])
  })
  test('a single object, and items that are not papers are skipped with their position', () => {
    expect(parsePapers(JSON.stringify({ type: 'book', title: 'Solo', issued: { raw: '1999' } })).papers).toEqual([{ title: 'Solo', published: '1999' }])
    const result = parsePapers(JSON.stringify([{ type: 'article' }, 42, { title: 'Kept' }]))
    expect(result.papers).toEqual([{ title: 'Kept' }])
    expect(result.skipped.map((skip) => skip.line)).toEqual([1, 2])
  })
  test('JSON that is not CSL falls back to finding identifiers in it', () => {
    expect(parsePapers('{"links": ["arXiv:2401.12345"]}').papers).toEqual([{ arxivId: '2401.12345' }])
  })
})

describe('RIS', () => {
  const ris = [
    'TY  - JOUR',
    'AU  - Müller, Jörg',
    'AU  - Doe, Jane',
    'TI  - A Journal Paper',
    '  continued title',
    'AB  - The abstract.',
    'JO  - Journal of Things',
    'PY  - 2020',
    'DA  - 2020/03/05/',
    'DO  - 10.1000/ABC',
    'UR  - https://example.org/paper',
    'KW  - one',
    'KW  - two',
    'ER  - ',
    '',
    'TY  - GEN',
    'T1  - An arXiv preprint',
    'A1  - Smith, John, Jr.',
    'UR  - https://arxiv.org/abs/2401.12345v2',
    'T2  - arXiv',
    'PY  - 2024///',
    'ER  -',
    'TY  - JOUR',
    'PY  - 2001',
    'ER  - ',
  ].join('\r\n')
  test('TY/ER records with every common tag', () => {
    const result = parsePapers(ris)
    expect(result.format).toBe('ris')
    expect(result.papers).toEqual([
      { title: 'A Journal Paper continued title', authors: ['Jörg Müller', 'Jane Doe'], abstract: 'The abstract.', published: '2020-03-05', doi: '10.1000/abc', url: 'https://example.org/paper', venue: 'Journal of Things', tags: ['one', 'two'] },
      { title: 'An arXiv preprint', authors: ['John Smith, Jr.'], published: '2024', arxivId: '2401.12345', url: 'https://arxiv.org/abs/2401.12345v2' },
    ])
    expect(result.skipped).toEqual([{ line: 23, text: 'TY - JOUR', reason: expect.any(String) }])
  })
})
