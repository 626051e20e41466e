import { expect, test } from 'vitest'
import { hasSomethingToOpen, searchLinksFor } from '../../src/doc/searchLinks.js'

test('search links put the title, encoded, into a query parameter of each search page', () => {
  const links = searchLinksFor('Token Contrast for Weakly-Supervised  Semantic Segmentation')
  expect(links.map((link) => link.label)).toEqual(['Search arXiv', 'Semantic Scholar', 'Google Scholar'])
  expect(links[0]!.href).toBe('https://arxiv.org/search/?searchtype=title&query=Token%20Contrast%20for%20Weakly-Supervised%20Semantic%20Segmentation')
  for (const link of links) expect(new URL(link.href).protocol).toBe('https:')
})

test('a hostile or empty title stays a query: no other host, no script, bounded length', () => {
  const links = searchLinksFor('"><script>alert(1)</script>&q=x#frag ' + 'y'.repeat(5_000))
  for (const link of links) {
    const url = new URL(link.href)
    expect(['arxiv.org', 'www.semanticscholar.org', 'scholar.google.com']).toContain(url.host)
    expect(url.hash).toBe('')
    expect(link.href.length).toBeLessThan(1_500)
  }
  expect(searchLinksFor('   ')).toEqual([])
})

test('only a paper with no page, PDF or identifier needs searching', () => {
  expect(hasSomethingToOpen({ url: '', pdfUrl: '', arxivId: '', doi: '' })).toBe(false)
  expect(hasSomethingToOpen({ url: '', pdfUrl: '', arxivId: '2106.09685', doi: '' })).toBe(true)
})
