/**
 * Crossref's REST API (`/works/<doi>`): builds the URL and reads a work into paper fields.
 *
 * Crossref answers 404 with a plain-text body for a DOI it does not hold (e.g. one registered
 * with DataCite); anything else odd in the JSON is skipped field by field, never thrown.
 */
import { doiUrl, isSafeLink, normalizeDoi } from '../../src/doc/ids.js'
import type { PaperInput } from '../../src/doc/ops.js'

/** Crossref's works endpoint. */
export const CROSSREF_API = 'https://api.crossref.org/works/'

/** The URL asking Crossref for one DOI. */
export const crossrefWorkUrl = (doi: string): string => CROSSREF_API + encodeURIComponent(doi)

/** A parsed works answer: the paper, or why there is none. */
export type CrossrefWork = { ok: true; paper: PaperInput } | { ok: false; error: string }

/** Parses the JSON body of a `/works/<doi>` answer for the DOI that was asked for. */
export function parseCrossrefWork(body: string, doi: string): CrossrefWork {
  let json: unknown
  try {
    json = JSON.parse(body)
  } catch {
    return { ok: false, error: 'Crossref sent an answer that is not JSON.' }
  }
  const message = record(record(json).message)
  const mainTitle = oneLine(strings(message.title)[0] ?? '')
  if (!mainTitle) return { ok: false, error: 'Crossref has no title for this DOI.' }
  const subtitle = oneLine(strings(message.subtitle)[0] ?? '')
  const title = subtitle && !mainTitle.toLowerCase().includes(subtitle.toLowerCase()) ? `${mainTitle}: ${subtitle}` : mainTitle
  const paper: PaperInput = { title, doi: normalizeDoi(str(message.DOI)) ?? doi }
  const authors = list(message.author).map(authorName).filter(Boolean)
  if (authors.length) paper.authors = authors
  const abstract = jatsToText(str(message.abstract))
  if (abstract) paper.abstract = abstract
  const published = firstDate(message)
  if (published) paper.published = published
  const venue = oneLine(strings(message['container-title'])[0] ?? '')
  if (venue) paper.venue = venue
  const url = str(message.URL)
  paper.url = isSafeLink(url) ? url : doiUrl(paper.doi!)
  return { ok: true, paper }
}

function authorName(raw: unknown): string {
  const author = record(raw)
  const name = oneLine([str(author.given), str(author.family)].filter(Boolean).join(' '))
  return name || oneLine(str(author.name))
}

/** `issued` is Crossref's earliest known publication date; the others are fallbacks. */
function firstDate(message: Record<string, unknown>): string {
  for (const field of ['issued', 'published', 'published-print', 'published-online', 'created']) {
    const parts = list(record(message[field])['date-parts'])[0]
    const date = datePartsToIso(Array.isArray(parts) ? parts : [])
    if (date) return date
  }
  return ''
}

/** `[2021, 3, 3]` → `2021-03-03`, `[2021]` → `2021`; '' when the year is missing or absurd. */
export function datePartsToIso(parts: unknown[]): string {
  const [year, month, day] = parts.map((part) => (typeof part === 'number' && Number.isInteger(part) ? part : NaN))
  if (!year || year < 1000 || year > 9999) return ''
  const pad = (value: number) => String(value).padStart(2, '0')
  if (!month || month < 1 || month > 12) return String(year)
  if (!day || day < 1 || day > 31) return `${year}-${pad(month)}`
  return `${year}-${pad(month)}-${pad(day)}`
}

/**
 * Crossref abstracts are JATS XML (`<jats:p>…</jats:p>`). Keeps the text: paragraphs become
 * blank-line separated, a leading "Abstract" heading is dropped, entities are decoded.
 */
export function jatsToText(jats: string): string {
  if (!jats) return ''
  const text = jats
    .replace(/<(jats:)?title>\s*abstract\s*<\/(jats:)?title>/gi, '')
    .replace(/<\/(jats:)?(p|sec|title)>/gi, '\n\n')
    .replace(/<[^<>]{0,500}>/g, '')
  return decodeEntities(text)
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join('\n\n')
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' }
function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,6});/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10)
      return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : ''
    }
    return NAMED[name.toLowerCase()] ?? whole
  })
}

const record = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {}
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : [])
const str = (value: unknown): string => (typeof value === 'string' ? value : '')
const strings = (value: unknown): string[] => list(value).filter((item): item is string => typeof item === 'string')
const oneLine = (value: string): string => value.replace(/<[^<>]{0,200}>/g, '').replace(/\s+/g, ' ').trim()
