/**
 * CSV export for spreadsheets: RFC 4180 quoting and CRLF line ends, and a guard against
 * formula injection (a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return is
 * prefixed with `'`, so a spreadsheet shows a peer's title instead of running it).
 */
import type { PaperId } from '../doc/ids.js'
import type { Paper } from '../doc/schema.js'

/** The columns, in order. */
export const CSV_COLUMNS = [
  'id', 'title', 'authors', 'authorCount', 'published', 'venue', 'arxivId', 'doi', 'url', 'pdfUrl', 'codeUrl',
  'tags', 'status', 'discussedOn', 'votes', 'upvotes', 'addedAt', 'abstract',
] as const

/** Quotes one cell per RFC 4180 and defuses formulas. Numbers are written as they are. */
export function csvCell(value: string | number): string {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : ''
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(safe) || safe !== safe.trim() ? `"${safe.replace(/"/g, '""')}"` : safe
}

/** Exports papers as CSV with a header row; `votes` adds each paper's vote count. */
export function exportCsv(papers: readonly Paper[], options: { votes?: ReadonlyMap<PaperId, number> } = {}): string {
  const rows = papers.map((paper) => {
    const cells: Record<(typeof CSV_COLUMNS)[number], string | number> = {
      id: paper.id,
      title: paper.title,
      authors: paper.authors.join('; '),
      authorCount: paper.authorCount || paper.authors.length,
      published: paper.published,
      venue: paper.venue,
      arxivId: paper.arxivId,
      doi: paper.doi,
      url: paper.url,
      pdfUrl: paper.pdfUrl,
      codeUrl: paper.codeUrl,
      tags: paper.tags.join('; '),
      status: paper.status,
      discussedOn: paper.discussedOn,
      votes: options.votes?.get(paper.id) ?? 0,
      upvotes: paper.upvotes,
      addedAt: paper.addedAt ? new Date(paper.addedAt).toISOString() : '',
      abstract: paper.abstract,
    }
    return CSV_COLUMNS.map((column) => csvCell(cells[column])).join(',')
  })
  return [CSV_COLUMNS.join(','), ...rows].join('\r\n') + '\r\n'
}
