/**
 * CSV export for spreadsheets: RFC 4180 quoting and CRLF line ends, and a guard against
 * formula injection: a cell whose first non-blank character is `=`, `+`, `-` or `@` (or their
 * full-width forms), or that starts with a tab or a line break, is prefixed with `'`, so a
 * spreadsheet shows a peer's title instead of running it. Cells holding `,` or `;` (the
 * separator of many European spreadsheets), quotes, tabs or line breaks are quoted, and
 * control characters such as NUL are dropped. A reader that splits on `;` or tab and honours
 * quotes only at a field's start would still begin a field after each `;`, so a formula
 * character there (after blanks or quotes) gets the same `'`.
 */
import type { PaperId } from '../doc/ids.js'
import type { Paper } from '../doc/schema.js'
import { stripControlChars } from './exportSafety.js'

/** What a spreadsheet may take for the start of a formula, after any leading blanks. */
const FORMULA_START = /^(?:[\t\r\n]|[\s\u00a0\u3000]*[=+\-@\uff1d\uff0b\uff0d\uff20])/
/** A formula character where a `;`- or tab-separated reader would start a new field. */
const FORMULA_AFTER_SEPARATOR = /([;\t][\s"\u00a0\u3000]*)(?=[=+\-@\uff1d\uff0b\uff0d\uff20])/g
/** Characters that make a cell need quotes under any common separator. */
const NEEDS_QUOTES = /[",;\t\r\n]/

/** The columns, in order. */
export const CSV_COLUMNS = [
  'id', 'title', 'authors', 'authorCount', 'published', 'venue', 'arxivId', 'doi', 'url', 'pdfUrl', 'codeUrl',
  'tags', 'status', 'discussedOn', 'votes', 'upvotes', 'addedAt', 'abstract',
] as const

/** Quotes one cell per RFC 4180 and defuses formulas. Numbers are written as they are. */
export function csvCell(value: string | number): string {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : ''
  const text = stripControlChars(value).replace(FORMULA_AFTER_SEPARATOR, "$1'")
  const safe = FORMULA_START.test(text) ? `'${text}` : text
  return NEEDS_QUOTES.test(safe) || safe !== safe.trim() ? `"${safe.replace(/"/g, '""')}"` : safe
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
