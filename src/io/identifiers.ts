/**
 * Finds paper identifiers in free text: arXiv ids (new and old style, with or without
 * `arXiv:` and a version), arXiv / Hugging Face / alphaXiv URLs, DOIs (bare, `doi:`, resolver
 * and publisher URLs), OpenReview forum links, and any other http(s) link as a plain link.
 *
 * Every pattern here runs in time linear in the input, so a huge or hostile paste stays fast.
 * Bare `NNNN.NNNNN` counts as an arXiv id only when it is a plausible one (a real year and
 * month since April 2007, the right number of digits for its date, not glued to other
 * digits or dots), so version numbers, dates and phone numbers are not taken for papers.
 */
import { identityFromUrl, normalizeArxivId, normalizeDoi, normalizeUrl, isSafeLink } from '../doc/ids.js'
import type { ParsedPaper } from './types.js'

/** One identifier found in text, with where it starts. */
export interface FoundIdentifier {
  paper: ParsedPaper
  /** Offset of the match in the searched text. */
  index: number
  /** The matched text, as pasted. */
  raw: string
}

/** Characters that can never be part of a URL pasted in prose. */
const URL_BODY = String.raw`[^\s<>"'\x60{}|\\^]+`
/** Hosts whose links people paste without the scheme. */
const BARE_HOSTS = String.raw`(?:www\.)?(?:arxiv\.org|huggingface\.co|alphaxiv\.org|dx\.doi\.org|doi\.org|openreview\.net)\/`
const URL_PATTERN = new RegExp(String.raw`https?:\/\/${URL_BODY}|(?<![\w.\/@-])${BARE_HOSTS}${URL_BODY}`, 'gi')

/** arXiv's archives before 2007, which prefixed old-style ids (`hep-th/9901001`). */
const OLD_ARCHIVES = [
  'acc-phys', 'adap-org', 'alg-geom', 'ao-sci', 'astro-ph', 'atom-ph', 'bayes-an', 'chao-dyn', 'chem-ph', 'cmp-lg',
  'comp-gas', 'cond-mat', 'cs', 'dg-ga', 'funct-an', 'gr-qc', 'hep-ex', 'hep-lat', 'hep-ph', 'hep-th', 'math',
  'math-ph', 'mtrl-th', 'nlin', 'nucl-ex', 'nucl-th', 'patt-sol', 'physics', 'plasm-ph', 'q-alg', 'q-bio', 'q-fin',
  'quant-ph', 'solv-int', 'stat', 'supr-con',
]
const OLD_ID = String.raw`(?:${OLD_ARCHIVES.join('|')})(?:\.[A-Za-z]{2})?\/\d{7}`
const NEW_ID = String.raw`\d{4}\.\d{4,5}`

/** `arXiv:` followed by an id, new or old style. */
const PREFIXED_ARXIV = new RegExp(String.raw`\barxiv\s*:\s*(${NEW_ID}|${OLD_ID})(v\d+)?(?![\w\/])`, 'gi')
/** An old-style id with no prefix; the archive name makes it unambiguous. */
const BARE_OLD_ARXIV = new RegExp(String.raw`(?<![\w.\/-])(${OLD_ID})(v\d+)?(?![\w\/])`, 'gi')
/** A bare new-style id, not glued to other digits, dots, slashes or dashes. */
const BARE_NEW_ARXIV = new RegExp(String.raw`(?<![\w.\/:-])(${NEW_ID})(v\d+)?(?![\w\/-]|\.\d)`, 'g')
/** A DOI with or without `doi:`; the suffix runs to whitespace. */
const DOI_PATTERN = /(?<![\w./-])(?:doi\s*:\s*)?(10\.\d{4,9}\/[^\s"<>{}|\\^`]+)/gi

/**
 * True when a new-style id names a month arXiv has issued (April 2007 on, up to a month past
 * `today`) with the digit count arXiv used then (4 until December 2014, 5 since).
 */
export function isPlausibleNewArxivId(id: string, today: Date): boolean {
  const match = /^(\d{2})(\d{2})\.(\d{4,5})$/.exec(id)
  if (!match) return false
  const year = 2000 + Number(match[1])
  const month = Number(match[2])
  if (month < 1 || month > 12) return false
  const stamp = year * 12 + month
  if (stamp < 2007 * 12 + 4) return false
  if (stamp > today.getUTCFullYear() * 12 + today.getUTCMonth() + 2) return false
  return match[3]!.length === (year >= 2015 ? 5 : 4)
}

/** True when an old-style id's date (YYMM) falls when old-style ids were issued (1991–2007). */
function isPlausibleOldArxivId(id: string): boolean {
  const digits = /\/(\d{2})(\d{2})\d{3}$/.exec(id)
  if (!digits) return false
  const year = Number(digits[1]) >= 91 ? 1900 + Number(digits[1]) : 2000 + Number(digits[1])
  const month = Number(digits[2])
  return month >= 1 && month <= 12 && year <= 2007
}

/**
 * Trims what prose puts after a link: sentence punctuation, closing quotes, and a closing
 * bracket that has no opening partner inside the link (`(see https://x.org/a)`).
 */
export function trimTrailingPunctuation(raw: string): string {
  let text = raw
  for (;;) {
    const last = text.at(-1)
    if (last === undefined) return text
    if ('.,;:!?\'"”’»'.includes(last)) {
      text = text.slice(0, -1)
      continue
    }
    const pairs: Record<string, string> = { ')': '(', ']': '[' }
    const open = pairs[last]
    if (open && count(text, last) > count(text, open)) {
      text = text.slice(0, -1)
      continue
    }
    return text
  }
}

const count = (text: string, char: string): number => {
  let total = 0
  for (const c of text) if (c === char) total++
  return total
}

/** Publisher landing pages that carry the DOI in their path (`/doi/10.1145/…`, `/doi/abs/10.…`). */
const PUBLISHER_DOI_PATH = /\/doi\/(?:abs\/|full\/|pdf\/|epdf\/|book\/)?(10\.\d{4,9}\/[^?#]+)/i

/**
 * Turns one pasted http(s) link into a paper: arXiv-like links and DOI links become that id,
 * an OpenReview forum or PDF link becomes the forum page (its identity is the forum id), and
 * anything else becomes a plain link. Null for a link that is not http(s).
 */
export function paperFromUrl(raw: string): ParsedPaper | null {
  const text = /^https?:\/\//i.test(raw) ? raw : `https://${raw}`
  if (!isSafeLink(text) || !normalizeUrl(text)) return null
  const known = identityFromUrl(text)
  if (known.arxivId) return { arxivId: known.arxivId }
  if (known.doi) return { doi: known.doi }
  const url = new URL(text)
  const host = url.hostname.toLowerCase().replace(/^www\./, '')
  if (host === 'openreview.net' && /^\/(forum|pdf)\/?$/.test(url.pathname)) {
    const id = url.searchParams.get('id')
    if (id && /^[\w-]{4,64}$/.test(id)) {
      return { url: `https://openreview.net/forum?id=${id}`, pdfUrl: `https://openreview.net/pdf?id=${id}` }
    }
  }
  const publisherDoi = PUBLISHER_DOI_PATH.exec(url.pathname)
  const doi = publisherDoi ? normalizeDoi(safeDecode(publisherDoi[1]!)) : null
  if (doi) return { doi, url: text }
  return { url: text }
}

const safeDecode = (text: string): string => {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

/**
 * Finds every identifier in `text`, in order of appearance (not deduplicated). Links are
 * found first and masked, so an id inside a link is not counted twice.
 */
export function findIdentifiers(text: string, today: Date = new Date()): FoundIdentifier[] {
  const found: FoundIdentifier[] = []
  let masked = text
  const spans: [number, number][] = []
  for (const match of text.matchAll(URL_PATTERN)) {
    const raw = trimTrailingPunctuation(match[0])
    const paper = paperFromUrl(raw)
    spans.push([match.index, match[0].length])
    if (paper) found.push({ paper, index: match.index, raw })
  }
  if (spans.length) masked = maskSpans(text, spans)
  const search = (pattern: RegExp, read: (match: RegExpExecArray) => ParsedPaper | null) => {
    const hits: [number, number][] = []
    for (const match of masked.matchAll(pattern)) {
      const paper = read(match)
      if (!paper) continue
      found.push({ paper, index: match.index, raw: match[0] })
      hits.push([match.index, match[0].length])
    }
    if (hits.length) masked = maskSpans(masked, hits)
  }
  search(PREFIXED_ARXIV, (match) => {
    const id = normalizeArxivId(match[1]!)
    if (!id) return null
    return id.includes('/') ? (isPlausibleOldArxivId(id) ? { arxivId: id } : null) : { arxivId: id }
  })
  search(DOI_PATTERN, (match) => {
    const doi = normalizeDoi(trimTrailingPunctuation(match[1]!))
    return doi ? { doi } : null
  })
  search(BARE_OLD_ARXIV, (match) => {
    const id = normalizeArxivId(match[1]!)
    return id && isPlausibleOldArxivId(id) ? { arxivId: id } : null
  })
  search(BARE_NEW_ARXIV, (match) => (isPlausibleNewArxivId(match[1]!, today) ? { arxivId: match[1]! } : null))
  return found.sort((a, b) => a.index - b.index)
}

/** Replaces the given spans with spaces in one pass (offsets keep their meaning). */
function maskSpans(text: string, spans: [number, number][]): string {
  const sorted = [...spans].sort((a, b) => a[0] - b[0])
  let out = ''
  let at = 0
  for (const [start, length] of sorted) {
    if (start < at) continue
    out += text.slice(at, start) + ' '.repeat(length)
    at = start + length
  }
  return out + text.slice(at)
}
