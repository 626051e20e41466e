/**
 * CSL-JSON export, the exchange format of Zotero, Mendeley, Pandoc and citeproc. arXiv
 * preprints are written as Zotero writes them (`type: "article"`, `publisher: "arXiv"`,
 * `number: "arXiv:…"`); links and counts CSL has no field for go in `custom`.
 *
 * JSON.stringify keeps any peer text from changing the structure; beyond that, a date is
 * written only when it is a real ISO date and a link only when it is http(s), as everywhere.
 */
import { isSafeLink } from '../doc/ids.js'
import type { Paper } from '../doc/schema.js'
import { citeKeys } from './exportBibtex.js'
import { isoDateParts } from './exportSafety.js'
import type { ExportablePaper } from './exportBibtex.js'
import { splitName } from './names.js'

/** One CSL-JSON item (the subset Shortlist writes). */
export interface CslItem {
  id: string
  type: string
  title?: string
  author?: ({ family: string; given?: string; 'non-dropping-particle'?: string; suffix?: string } | { literal: string })[]
  issued?: { 'date-parts': number[][] }
  abstract?: string
  DOI?: string
  URL?: string
  'container-title'?: string
  publisher?: string
  number?: string
  keyword?: string
  custom?: Record<string, string | number>
}

const CONFERENCE = /proceedings|conference|workshop|symposium/i

/** A paper as a CSL item with the given citation id. */
export function toCslItem(paper: ExportablePaper & Partial<Pick<Paper, 'authorCount' | 'upvotes'>>, id: string): CslItem {
  const type = paper.venue ? (CONFERENCE.test(paper.venue) ? 'paper-conference' : 'article-journal') : paper.arxivId ? 'article' : paper.doi ? 'article-journal' : 'webpage'
  const item: CslItem = { id, type }
  if (paper.title) item.title = paper.title
  if (paper.authors.length) {
    item.author = paper.authors.map((name) => {
      const parts = splitName(name)
      if (!parts.given && !parts.suffix && !parts.particle) return { literal: parts.family }
      return {
        family: parts.family,
        ...(parts.given && { given: parts.given }),
        ...(parts.particle && { 'non-dropping-particle': parts.particle }),
        ...(parts.suffix && { suffix: parts.suffix }),
      }
    })
  }
  const date = isoDateParts(paper.published)
  if (date) item.issued = { 'date-parts': [[date.year, date.month, date.day].filter((part): part is number => part !== undefined)] }
  if (paper.abstract) item.abstract = paper.abstract
  if (paper.doi) item.DOI = paper.doi
  if (isSafeLink(paper.url)) item.URL = paper.url
  if (paper.venue) item['container-title'] = paper.venue
  if (paper.arxivId) {
    item.publisher = 'arXiv'
    item.number = `arXiv:${paper.arxivId}`
  }
  if (paper.tags.length) item.keyword = paper.tags.join(', ')
  const custom: Record<string, string | number> = { shortlistId: paper.id }
  if (isSafeLink(paper.pdfUrl)) custom.pdfUrl = paper.pdfUrl
  if (isSafeLink(paper.codeUrl)) custom.codeUrl = paper.codeUrl
  if (paper.upvotes) custom.upvotes = paper.upvotes
  if (paper.authorCount) custom.authorCount = paper.authorCount
  item.custom = custom
  return item
}

/** Exports papers as a CSL-JSON array (pretty-printed), ids being the BibTeX cite keys. */
export function exportCslJson(papers: readonly ExportablePaper[]): string {
  const keys = citeKeys(papers)
  return `${JSON.stringify(papers.map((paper) => toCslItem(paper, keys.get(paper.id)!)), null, 2)}\n`
}
