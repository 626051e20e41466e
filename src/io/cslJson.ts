/**
 * CSL-JSON import (the format Zotero, Mendeley and citation.js exchange): an array of items
 * or a single item. Each item is read field by field; an item that is not an object or has
 * nothing to identify it is reported and skipped.
 */
import { arxivIdFromDoi, identityFromUrl, isSafeLink, normalizeArxivId, normalizeDoi } from '../doc/ids.js'
import { isoDate, leadingIsoDate } from './dates.js'
import { findIdentifiers } from './identifiers.js'
import { excerpt } from './types.js'
import type { ParsedPaper, SkippedItem } from './types.js'

/** True when `text` is JSON whose top level looks like CSL items (objects with a title, type or id). */
export function parseJsonSafely(text: string): unknown {
  const trimmed = text.trim()
  if (!/^[[{]/.test(trimmed)) return undefined
  try {
    return JSON.parse(trimmed) as unknown
  } catch {
    return undefined
  }
}

/** True when a parsed JSON value looks like one CSL item or an array of them. */
export function looksLikeCslJson(value: unknown): boolean {
  const items = Array.isArray(value) ? value : [value]
  return items.some((item) => isRecord(item) && ('title' in item || 'type' in item || 'DOI' in item || 'URL' in item))
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)
const str = (value: unknown): string => (typeof value === 'string' ? value.replace(/\s+/g, ' ').trim() : typeof value === 'number' ? String(value) : '')

/** Reads CSL-JSON items (already parsed from JSON). Item n is reported as line n+1 of the array. */
export function parseCslItems(value: unknown): { papers: ParsedPaper[]; skipped: SkippedItem[] } {
  const items = Array.isArray(value) ? value : [value]
  const papers: ParsedPaper[] = []
  const skipped: SkippedItem[] = []
  items.forEach((item, index) => {
    const paper = isRecord(item) ? paperFromCsl(item) : null
    if (paper && (paper.title || paper.arxivId || paper.doi || paper.url)) papers.push(paper)
    else skipped.push({ line: index + 1, text: excerpt(safeStringify(item)), reason: `Item ${index + 1} has no title, arXiv id, DOI or link.` })
  })
  return { papers, skipped }
}

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value)?.slice(0, 500) ?? String(value)
  } catch {
    return String(value)
  }
}

/** A CSL name: `{ family, given, non-dropping-particle, suffix }` or `{ literal }`. */
function nameText(raw: unknown): string {
  if (typeof raw === 'string') return str(raw)
  if (!isRecord(raw)) return ''
  if (raw.literal) return str(raw.literal)
  const main = [str(raw.given), str(raw['dropping-particle']), str(raw['non-dropping-particle']), str(raw.family)].filter(Boolean).join(' ')
  const suffix = str(raw.suffix)
  return suffix ? `${main}, ${suffix}` : main
}

/** A CSL date: `{ "date-parts": [[y, m, d]] }`, `{ raw }`, `{ literal }` or an ISO string. */
export function cslDate(raw: unknown): string {
  if (typeof raw === 'string') return leadingIsoDate(raw)
  if (!isRecord(raw)) return ''
  const parts = raw['date-parts']
  if (Array.isArray(parts) && Array.isArray(parts[0])) {
    const [year, month, day] = (parts[0] as unknown[]).map((part) => Number(part))
    if (year && Number.isInteger(year)) return isoDate(year, month, day)
  }
  return leadingIsoDate(str(raw.raw) || str(raw.literal))
}

function paperFromCsl(item: Record<string, unknown>): ParsedPaper {
  const paper: ParsedPaper = {}
  const title = str(item.title)
  if (title) paper.title = title
  if (Array.isArray(item.author)) {
    const authors = item.author.map(nameText).filter(Boolean)
    if (authors.length) paper.authors = authors
  }
  const abstract = typeof item.abstract === 'string' ? item.abstract.replace(/\r\n?/g, '\n').trim() : ''
  if (abstract) paper.abstract = abstract
  const published = cslDate(item.issued) || cslDate(item['available-date']) || cslDate(item.submitted)
  if (published) paper.published = published
  const url = str(item.URL)
  const arxivId = arxivIdOf(item, url)
  if (arxivId) paper.arxivId = arxivId
  const doi = normalizeDoi(str(item.DOI))
  if (doi && !(arxivId && doi.startsWith('10.48550/arxiv.'))) paper.doi = doi
  if (isSafeLink(url)) paper.url = url
  const venue = str(item['container-title'])
  if (venue && !/^arxiv\b/i.test(venue)) paper.venue = venue
  const keywords = str(item.keyword)
  if (keywords) paper.tags = keywords.split(/[,;]/).map((tag) => tag.trim()).filter(Boolean)
  const custom = isRecord(item.custom) ? item.custom : {}
  for (const key of ['pdfUrl', 'codeUrl'] as const) {
    const link = str(custom[key])
    if (isSafeLink(link)) paper[key] = link
  }
  for (const key of ['authorCount', 'upvotes'] as const) {
    const count = custom[key]
    if (typeof count === 'number' && Number.isInteger(count) && count > 0) paper[key] = count
  }
  return paper
}

/** arXiv id from `number` ("arXiv:2401.12345"), `archive_location`, an arXiv DOI or URL. */
function arxivIdOf(item: Record<string, unknown>, url: string): string | null {
  for (const field of ['number', 'archive_location', 'note']) {
    const text = str(item[field])
    if (!text) continue
    const direct = normalizeArxivId(text)
    if (direct && (field !== 'number' || /arxiv/i.test(str(item.publisher) + str(item.archive) + text))) return direct
    if (/arxiv/i.test(text)) {
      const found = findIdentifiers(text).find((hit) => hit.paper.arxivId)
      if (found) return found.paper.arxivId!
    }
  }
  const doi = normalizeDoi(str(item.DOI))
  const fromDoi = doi ? arxivIdFromDoi(doi) : null
  if (fromDoi) return fromDoi
  return url ? identityFromUrl(url).arxivId ?? null : null
}
