/**
 * Where to look for a paper that has nothing to open yet (pasted from a page that carried no
 * link, or a lookup that found nothing): search pages of arXiv, Semantic Scholar and Google
 * Scholar, built from the title. The title is only ever a query parameter, encoded.
 */
import { clampText } from './limits.js'
import type { Paper } from './schema.js'

/** Longest title put into a search link (search pages ignore longer queries anyway). */
const MAX_QUERY_CHARS = 300

/** A labelled search link. */
export interface SearchLink {
  label: string
  href: string
}

/** Whether a paper has a link of its own to open (paper page, PDF or an identifier). */
export const hasSomethingToOpen = (paper: Pick<Paper, 'url' | 'pdfUrl' | 'arxivId' | 'doi'>): boolean =>
  !!(paper.url || paper.pdfUrl || paper.arxivId || paper.doi)

/** Search links for a title; none for an empty title. */
export function searchLinksFor(title: string): SearchLink[] {
  const query = clampText(title.replace(/\s+/g, ' ').trim(), MAX_QUERY_CHARS)
  if (!query) return []
  const q = encodeURIComponent(query)
  return [
    { label: 'Search arXiv', href: `https://arxiv.org/search/?searchtype=title&query=${q}` },
    { label: 'Semantic Scholar', href: `https://www.semanticscholar.org/search?q=${q}` },
    { label: 'Google Scholar', href: `https://scholar.google.com/scholar?q=${q}` },
  ]
}
