/**
 * RIS import (the tagged format of EndNote, Zotero, Mendeley, PubMed and most publishers):
 * records run from `TY  - ` to `ER  - `, one `XX  - value` tag per line; a line without a
 * tag continues the previous value. A record with no title, id or link is reported and skipped.
 */
import { identityFromUrl, isSafeLink, normalizeArxivId, normalizeDoi } from '../doc/ids.js'
import { leadingIsoDate } from './dates.js'
import { excerpt } from './types.js'
import type { ParsedPaper, SkippedItem } from './types.js'

const TAG_LINE = /^([A-Z][A-Z0-9])  ?-(?: (.*)|$)/

/** True when `text` has a line opening an RIS record. */
export const looksLikeRis = (text: string): boolean => /^TY  ?- /m.test(text)

interface RisRecord {
  line: number
  tags: Map<string, string[]>
}

/** Reads every RIS record in `text`. */
export function parseRis(text: string): { papers: ParsedPaper[]; skipped: SkippedItem[] } {
  const papers: ParsedPaper[] = []
  const skipped: SkippedItem[] = []
  let record: RisRecord | null = null
  let lastTag = ''
  const finish = () => {
    if (!record) return
    const paper = paperFromRis(record.tags)
    if (paper.title || paper.arxivId || paper.doi || paper.url) papers.push(paper)
    else skipped.push({ line: record.line, text: excerpt(`TY  - ${record.tags.get('TY')?.[0] ?? ''}`), reason: 'The record has no title, DOI or link.' })
    record = null
  }
  const lines = text.split('\n')
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!.trimEnd()
    const tagged = TAG_LINE.exec(line)
    if (tagged) {
      const [, tag, value = ''] = tagged
      if (tag === 'TY') {
        finish()
        record = { line: index + 1, tags: new Map() }
      } else if (tag === 'ER') {
        finish()
        continue
      }
      if (!record) {
        skipped.push({ line: index + 1, text: excerpt(line), reason: 'A tag outside any record (missing "TY  - ").' })
        continue
      }
      const values = record.tags.get(tag!) ?? []
      values.push(value.trim())
      record.tags.set(tag!, values)
      lastTag = tag!
    } else if (record && line.trim() && lastTag) {
      const values = record.tags.get(lastTag)!
      values[values.length - 1] = `${values.at(-1)} ${line.trim()}`.trim()
    }
  }
  if (record) finish()
  return { papers, skipped }
}

function paperFromRis(tags: Map<string, string[]>): ParsedPaper {
  const first = (...names: string[]): string => {
    for (const name of names) {
      const value = tags.get(name)?.find(Boolean)
      if (value) return value.replace(/\s+/g, ' ').trim()
    }
    return ''
  }
  const all = (...names: string[]): string[] => names.flatMap((name) => tags.get(name) ?? []).filter(Boolean)
  const paper: ParsedPaper = {}
  const title = first('TI', 'T1', 'CT', 'BT')
  if (title) paper.title = title
  const authors = all('AU', 'A1').map(risName).filter(Boolean)
  if (authors.length) paper.authors = authors
  const abstract = first('AB', 'N2')
  if (abstract) paper.abstract = abstract
  const published = risDate(first('DA')) || risDate(first('PY', 'Y1'))
  if (published) paper.published = published
  const doi = normalizeDoi(first('DO'))
  if (doi) paper.doi = doi
  const urls = all('UR', 'L1', 'L2').filter((url) => isSafeLink(url))
  const arxivId = urls.map((url) => identityFromUrl(url).arxivId).find(Boolean) ?? arxivFromFields(tags)
  if (arxivId) paper.arxivId = arxivId
  const landing = urls.find((url) => !/\.pdf($|\?)/i.test(url))
  if (landing) paper.url = landing
  const pdf = all('L1').find((url) => isSafeLink(url)) ?? urls.find((url) => /\.pdf($|\?)/i.test(url))
  if (pdf) paper.pdfUrl = pdf
  const venue = first('JO', 'T2', 'JF', 'JA', 'J2')
  if (venue && !/^arxiv\b/i.test(venue)) paper.venue = venue
  const tagsList = all('KW').map((tag) => tag.trim()).filter(Boolean)
  if (tagsList.length) paper.tags = tagsList
  return paper
}

/** "Family, Given" (RIS's form) → "Given Family"; other forms are kept as written. */
function risName(raw: string): string {
  const parts = raw.split(',').map((part) => part.trim())
  if (parts.length < 2 || !parts[0]) return raw.trim()
  const [family, given, suffix] = parts
  const main = [given, family].filter(Boolean).join(' ')
  return suffix ? `${main}, ${suffix}` : main
}

/** RIS dates are `YYYY/MM/DD/other`, `YYYY///`, or just `YYYY`. */
function risDate(raw: string): string {
  const match = /^(\d{4})(?:\/(\d{0,2})(?:\/(\d{0,2}))?)?/.exec(raw.trim())
  if (!match) return ''
  const iso = [match[1], match[2]?.padStart(2, '0'), match[2] && match[3] ? match[3].padStart(2, '0') : undefined].filter(Boolean).join('-')
  return leadingIsoDate(iso)
}

function arxivFromFields(tags: Map<string, string[]>): string | undefined {
  for (const tag of ['M1', 'M3', 'AN', 'N1', 'ID']) {
    for (const value of tags.get(tag) ?? []) {
      const id = /arxiv/i.test(value) ? normalizeArxivId(value.replace(/^.*arxiv[:\s]*/i, '').split(/\s/)[0] ?? '') : null
      if (id) return id
    }
  }
  return undefined
}
