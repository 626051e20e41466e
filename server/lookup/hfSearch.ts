/**
 * Hugging Face's papers search (`/api/papers/search?q=…`): candidate papers for a title.
 * The answer is a JSON array of hits; each carries a `paper` object (the `PaperInfo` shape
 * of `/api/papers/<id>`: `id` = arXiv id, `title`, `authors[{name}]`, `summary`,
 * `publishedAt`, `githubRepo`, `upvotes`), with a copy of the title and summary beside it.
 */
import { arxivAbsUrl, arxivPdfUrl, isSafeLink, normalizeArxivId } from '../../src/doc/ids.js'
import type { PaperInput } from '../../src/doc/ops.js'
import { oneLine } from '../../src/io/text.js'
import { HF_PAPERS_API } from './huggingFace.js'

/** Most hits read from one search answer; the rest are ignored. */
export const MAX_SEARCH_HITS = 20

/** The URL searching Hugging Face's papers for `title`. */
export const hfSearchUrl = (title: string): string => `${HF_PAPERS_API}search?q=${encodeURIComponent(title.slice(0, 300))}`

/** One hit, as a paper with its arXiv id, title and authors always present. */
export type SearchHit = PaperInput & { arxivId: string; title: string; authors: string[] }

/** Reads the hits of a search answer (at most `MAX_SEARCH_HITS`); [] for anything unusable. Never throws. */
export function parseHfSearch(body: string): SearchHit[] {
  let json: unknown
  try {
    json = JSON.parse(body)
  } catch {
    return []
  }
  if (!Array.isArray(json)) return []
  const hits: SearchHit[] = []
  for (const raw of json.slice(0, MAX_SEARCH_HITS)) {
    const hit = hfPaperEntry(raw)
    if (hit) hits.push(hit)
  }
  return hits
}

/**
 * One Hugging Face paper entry (a search hit or a Daily Papers entry, both `{ paper: {…} }`,
 * or a bare paper object) as a paper; null without an arXiv id and a title.
 */
export function hfPaperEntry(raw: unknown): SearchHit | null {
  const outer = record(raw)
  const paper = 'paper' in outer ? record(outer.paper) : outer
  const arxivId = typeof paper.id === 'string' ? normalizeArxivId(paper.id) : null
  const title = oneLine(str(paper.title) || str(outer.title))
  if (!arxivId || !title) return null
  const authors = (Array.isArray(paper.authors) ? paper.authors.slice(0, 2_000) : [])
    .map((author) => oneLine(str(record(author).name)))
    .filter(Boolean)
  const hit: SearchHit = { arxivId, title, authors, url: arxivAbsUrl(arxivId), pdfUrl: arxivPdfUrl(arxivId) }
  const abstract = oneLine(str(paper.summary) || str(outer.summary))
  if (abstract) hit.abstract = abstract
  const published = /^\d{4}-\d{2}-\d{2}/.exec(str(paper.publishedAt) || str(outer.publishedAt))
  if (published) hit.published = published[0]
  const repo = str(paper.githubRepo).trim()
  if (repo && repo.length <= 500 && isSafeLink(repo)) hit.codeUrl = repo
  const upvotes = paper.upvotes
  if (typeof upvotes === 'number' && Number.isInteger(upvotes) && upvotes >= 0 && upvotes < 1e9) hit.upvotes = upvotes
  return hit
}

const record = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {}
const str = (value: unknown): string => (typeof value === 'string' ? value : '')
