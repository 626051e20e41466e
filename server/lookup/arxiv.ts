/**
 * arXiv's export API (`/api/query?id_list=…`): builds the batch URL and reads its Atom feed.
 *
 * The feed's traps, all handled here: an HTTP-200 feed whose only entry is titled "Error"
 * (a bad query), ids arXiv does not know (no entry at all, or an entry with no title),
 * entry ids carrying a version (`…/abs/2106.09685v2`) and hard-wrapped titles and abstracts.
 */
import { XMLParser } from 'fast-xml-parser'
import { arxivAbsUrl, arxivPdfUrl, normalizeArxivId, normalizeDoi } from '../../src/doc/ids.js'
import type { PaperInput } from '../../src/doc/ops.js'
import { oneLine } from '../../src/io/text.js'

/** arXiv's API endpoint (the manual's examples use http; https serves the same API). Its terms ask for at most one call every 3 seconds. */
export const ARXIV_API = 'https://export.arxiv.org/api/query'

/** The URL asking arXiv for `ids` (already normalised) in one call. */
export function arxivBatchUrl(ids: string[]): string {
  const params = new URLSearchParams({ id_list: ids.join(','), max_results: String(ids.length) })
  return `${ARXIV_API}?${params.toString().replace(/%2C/gi, ',').replace(/%2F/gi, '/')}`
}

/** A parsed feed: papers by normalised arXiv id, or the error arXiv reported for the whole query. */
export type ArxivFeed = { ok: true; papers: Map<string, PaperInput> } | { ok: false; error: string }

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => name === 'entry' || name === 'author' || name === 'link' || name === 'category',
  processEntities: { enabled: true, maxEntityCount: 50, maxExpandedLength: 1_000_000 },
})

/**
 * Parses an arXiv Atom feed. Never throws: malformed XML or an unexpected shape becomes
 * `{ ok: false }`, and an entry missing fields yields a paper with just the fields present.
 */
export function parseArxivFeed(xml: string): ArxivFeed {
  let root: unknown
  try {
    root = parser.parse(xml)
  } catch {
    return { ok: false, error: 'arXiv sent a feed that is not valid XML.' }
  }
  if (!('feed' in record(root))) return { ok: false, error: 'arXiv sent something other than an Atom feed.' }
  const feed = record(record(root).feed)
  const papers = new Map<string, PaperInput>()
  for (const raw of list(feed.entry)) {
    const entry = record(raw)
    const idUrl = text(entry.id)
    const title = oneLine(text(entry.title))
    if (/\/api\/errors/.test(idUrl) || (title === 'Error' && !/\/abs\//.test(idUrl))) {
      return { ok: false, error: `arXiv rejected the query: ${oneLine(text(entry.summary)) || 'unknown error'}.` }
    }
    const arxivId = arxivIdFromEntryId(idUrl)
    if (!arxivId || !title) continue // arXiv's placeholder for an id it does not have
    papers.set(arxivId, toPaper(arxivId, title, entry))
  }
  return { ok: true, papers }
}

function toPaper(arxivId: string, title: string, entry: Record<string, unknown>): PaperInput {
  const paper: PaperInput = { title, arxivId, url: arxivAbsUrl(arxivId), pdfUrl: arxivPdfUrl(arxivId) }
  const authors = list(entry.author).map((author) => oneLine(text(record(author).name))).filter(Boolean)
  if (authors.length) paper.authors = authors
  const abstract = oneLine(text(entry.summary))
  if (abstract) paper.abstract = abstract
  const published = /^\d{4}-\d{2}-\d{2}/.exec(text(entry.published))
  if (published) paper.published = published[0]
  const doi = normalizeDoi(text(entry.doi))
  if (doi) paper.doi = doi
  const venue = oneLine(text(entry.journal_ref))
  if (venue) paper.venue = venue
  return paper
}

/** `http://arxiv.org/abs/hep-th/9711200v3` → `hep-th/9711200`; null for anything else. */
export function arxivIdFromEntryId(idUrl: string): string | null {
  const match = /\/abs\/(.+)$/.exec(idUrl.trim())
  return match ? normalizeArxivId(match[1]!) : null
}

const record = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {}
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value])
/** Text of an element, whether the parser gave a string or an object with attributes. */
function text(value: unknown): string {
  if (typeof value === 'string') return value
  if (typeof value === 'number') return String(value)
  const inner = record(value)['#text']
  return typeof inner === 'string' || typeof inner === 'number' ? String(inner) : ''
}
