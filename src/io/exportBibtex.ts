/**
 * BibTeX export: one entry per paper, with stable cite keys (`vaswani2017attention`), TeX
 * special characters escaped, and arXiv's own eprint fields (`eprint`, `archivePrefix`,
 * `primaryClass`-free) so LaTeX tools and reference managers read it as arXiv does.
 * Non-ASCII text is written as UTF-8, which biber and every current reference manager read.
 *
 * Fields come from peers, so nothing is written raw: text is TeX-escaped (every brace and
 * backslash, and `@` as `{@}`, so no field can close its entry, start another, or run a TeX
 * command such as `\input`), control characters are dropped, dates are written only when they
 * are real ISO dates, and links only when they are http(s).
 */
import { arxivPdfUrl, compareIds, isSafeLink } from '../doc/ids.js'
import type { PaperId } from '../doc/ids.js'
import type { Paper } from '../doc/schema.js'
import { isoDateParts, stripControlChars } from './exportSafety.js'
import { asciiKey, splitName } from './names.js'

/** The fields of a paper the exporters read (a full `Paper` fits). */
export type ExportablePaper = Pick<Paper, 'id' | 'title' | 'authors' | 'abstract' | 'url' | 'pdfUrl' | 'codeUrl' | 'arxivId' | 'doi' | 'published' | 'venue' | 'tags'> &
  Partial<Pick<Paper, 'addedAt' | 'authorCount' | 'upvotes'>>

/** Title words a cite key skips ("On the …" → the next word). */
const STOP_WORDS = new Set(['a', 'an', 'the', 'on', 'of', 'in', 'for', 'to', 'and', 'with', 'from', 'by', 'at', 'is', 'are', 'towards', 'toward', 'via', 'do', 'does', 'how', 'what', 'why', 'when', 'can', 'we', 'your', 'our'])

/** Base cite key: first author's family name, year, first significant title word (`vaswani2017attention`). */
export function baseCiteKey(paper: Pick<Paper, 'authors' | 'published' | 'title'>): string {
  const family = paper.authors[0] ? asciiKey(splitName(paper.authors[0]).family) : ''
  const year = /^\d{4}/.exec(paper.published)?.[0] ?? ''
  const word = paper.title.split(/[\s\-–—:/]+/).map(asciiKey).find((part) => part && !STOP_WORDS.has(part)) ?? ''
  return `${family}${year}${word}`.slice(0, 60) || 'paper'
}

/**
 * Cite keys for a set of papers, unique within it. Papers sharing a base key are ordered
 * by when they were added (then id), so the first keeps the bare key and later ones get
 * `a`, `b`, … — adding a newer paper never renames an older one's key.
 */
export function citeKeys(papers: readonly ExportablePaper[]): Map<PaperId, string> {
  const groups = new Map<string, ExportablePaper[]>()
  for (const paper of papers) {
    const base = baseCiteKey(paper)
    const group = groups.get(base)
    if (group) group.push(paper)
    else groups.set(base, [paper])
  }
  const used = new Set(groups.keys())
  const keys = new Map<PaperId, string>()
  for (const [base, group] of groups) {
    group.sort((a, b) => (a.addedAt ?? 0) - (b.addedAt ?? 0) || compareIds(a.id, b.id))
    group.forEach((paper, index) => {
      if (index === 0) return keys.set(paper.id, base)
      let suffix = index - 1
      let key = base + letters(suffix)
      while (used.has(key)) key = base + letters(++suffix)
      used.add(key)
      keys.set(paper.id, key)
    })
  }
  return keys
}

/** 0 → a, 25 → z, 26 → aa. */
function letters(index: number): string {
  let out = ''
  for (let n = index; n >= 0; n = Math.floor(n / 26) - 1) out = String.fromCharCode(97 + (n % 26)) + out
  return out
}

/**
 * Escapes TeX's special characters in a field value, so any text stays valid BibTeX: the result
 * has no unescaped brace, no backslash but the ones written here, no `@` a line-based reader
 * could take for an entry start, and no control characters.
 */
export function escapeTex(text: string): string {
  return stripControlChars(text).replace(/\r\n?/g, '\n').replace(/[\\{}&%$#_~^@]/g, (char) => {
    switch (char) {
      case '@':
        return '{@}'
      case '\\':
        return '\\textbackslash{}'
      case '~':
        return '\\textasciitilde{}'
      case '^':
        return '\\^{}'
      default:
        return `\\${char}`
    }
  })
}

/** URL fields are verbatim in BibLaTeX; only braces and backslashes would break the entry. */
const escapeUrl = (url: string): string =>
  stripControlChars(url).replace(/[{}\\\s]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)

/** A name as BibTeX wants it: `von Last, Jr., First`, or `{Literal}` when it has no clear parts. */
function bibtexName(name: string): string {
  if (/\band\b/i.test(name)) return `{${escapeTex(name)}}`
  const parts = splitName(name)
  if (!parts.given && !parts.suffix) return `{${escapeTex(parts.family)}}`
  const last = [parts.particle, parts.family].filter(Boolean).join(' ')
  return [last, parts.suffix, parts.given].filter(Boolean).map(escapeTex).join(', ')
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']
const CONFERENCE = /proceedings|conference|workshop|symposium|\b(neurips|nips|icml|iclr|cvpr|iccv|eccv|acl|emnlp|naacl|aaai|ijcai|kdd|sigir|chi|www|colt|aistats|uai|corl|rss|icra|iros)\b/i

/** One BibTeX entry for a paper under `key`. */
export function bibtexEntry(paper: ExportablePaper, key: string): string {
  const fields: [string, string][] = []
  const text = (name: string, value: string) => value && fields.push([name, `{${escapeTex(value)}}`])
  const raw = (name: string, value: string) => value && fields.push([name, value])
  const conference = paper.venue && CONFERENCE.test(paper.venue)
  const type = paper.venue ? (conference ? 'inproceedings' : 'article') : 'misc'
  text('title', paper.title)
  if (paper.authors.length) fields.push(['author', `{${paper.authors.map(bibtexName).join(' and ')}}`])
  if (paper.venue) text(conference ? 'booktitle' : 'journal', paper.venue)
  const date = isoDateParts(paper.published)
  if (date) {
    raw('year', String(date.year))
    if (date.month) raw('month', MONTHS[date.month - 1]!)
    raw('date', `{${paper.published}}`)
  }
  if (paper.arxivId) {
    raw('eprint', `{${escapeTex(paper.arxivId)}}`)
    raw('archivePrefix', '{arXiv}')
  }
  if (paper.doi) raw('doi', `{${escapeUrl(paper.doi)}}`)
  if (isSafeLink(paper.url)) raw('url', `{${escapeUrl(paper.url)}}`)
  if (isSafeLink(paper.pdfUrl) && paper.pdfUrl !== (paper.arxivId ? arxivPdfUrl(paper.arxivId) : '')) raw('pdf', `{${escapeUrl(paper.pdfUrl)}}`)
  if (isSafeLink(paper.codeUrl)) raw('code', `{${escapeUrl(paper.codeUrl)}}`)
  if (paper.tags.length) text('keywords', paper.tags.join(', '))
  text('abstract', paper.abstract.replace(/\r\n?/g, '\n').replace(/\n{2,}/g, '\n\n').replace(/(?<!\n)\n(?!\n)/g, ' '))
  const width = Math.max(...fields.map(([name]) => name.length))
  const body = fields.map(([name, value]) => `  ${name.padEnd(width)} = ${value}`).join(',\n')
  return `@${type}{${key},\n${body}\n}\n`
}

/**
 * Exports papers as a BibTeX file, in the order given.
 * @example exportBibtex(listPapers(doc))
 */
export function exportBibtex(papers: readonly ExportablePaper[]): string {
  const keys = citeKeys(papers)
  return papers.map((paper) => bibtexEntry(paper, keys.get(paper.id)!)).join('\n')
}
