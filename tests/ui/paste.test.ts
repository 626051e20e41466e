import { expect, test } from 'vitest'
import { parsePaste } from '../../src/ui/paste.js'
import { parseRoute } from '../../src/ui/router.js'

test('pasted arXiv ids, arXiv and DOI links, DOIs and plain links are recognised', () => {
  expect(parsePaste('2401.12345v2')).toEqual({ arxivId: '2401.12345' })
  expect(parsePaste('arXiv:2401.12345')).toEqual({ arxivId: '2401.12345' })
  expect(parsePaste('https://arxiv.org/abs/1706.03762v7')).toEqual({ arxivId: '1706.03762' })
  expect(parsePaste('https://arxiv.org/pdf/1706.03762.pdf')).toEqual({ arxivId: '1706.03762' })
  expect(parsePaste('https://doi.org/10.1038/NATURE14539')).toEqual({ doi: '10.1038/nature14539' })
  expect(parsePaste('10.1145/3442188.3445922')).toEqual({ doi: '10.1145/3442188.3445922' })
  expect(parsePaste('https://example.org/paper')).toEqual({ url: 'https://example.org/paper' })
})

test('text that is not an identifier, and unsafe links, are refused', () => {
  expect(parsePaste('')).toBeNull()
  expect(parsePaste('Attention is all you need')).toBeNull()
  expect(parsePaste('javascript:alert(1)')).toBeNull()
  expect(parsePaste('data:text/html,hi')).toBeNull()
})

test('routes: home, a list with its key and paper, and anything else', () => {
  const listId = 'AAAAAAAAAAAAAAAAAAAAAA'
  expect(parseRoute('/', '', '')).toEqual({ page: 'home' })
  expect(parseRoute(`/l/${listId}`, '?paper=doi%3A10.1%2Fx', '#secret')).toEqual({ page: 'list', listId, fragment: 'secret', paperId: 'doi:10.1/x' })
  expect(parseRoute('/l/short', '', '')).toEqual({ page: 'not-found' })
  expect(parseRoute('/elsewhere', '', '')).toEqual({ page: 'not-found' })
})
