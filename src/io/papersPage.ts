/**
 * A copied page of papers, as people copy it from a papers listing (Hugging Face's daily
 * papers and search pages). Each entry reads, one item per line:
 *
 * ```
 * <title>
 * <abstract, possibly several paragraphs>
 *   • 7 authors
 * ·
 * Mar 30, 2023 12        (date with or without a year, then an optional upvote count)
 * ```
 *
 * An entry ends at its attribution: the "N authors" line, or, when an organisation submitted
 * the paper, its name followed by a separator and the date (`inclusionAI inclusionAI`, `·`,
 * `Nov 20`). A separator followed by a date ends an entry even when the attribution is
 * missing, so two entries are never merged. The title is the first line after the previous
 * entry, the abstract runs up to the attribution. "Submitted by <name>" lines and lone upvote
 * counts before a title (desktop layouts with the submitter's avatar) are dropped. The page's
 * own chrome (headings, "Subscribe", the page date) sits before the first title and is dropped.
 * Blank lines carry no meaning, so copies that lost them parse the same.
 *
 * Work is linear in the number of lines: each line is looked at a bounded number of times.
 */
import { dateWithoutYear, isoDate, monthNumber } from './dates.js'
import { paperFromUrl, trimTrailingPunctuation } from './identifiers.js'
import { excerpt } from './types.js'
import type { ParseOptions, ParsedPaper, SkippedItem } from './types.js'

/** The bullet line with the author count, optionally followed on the same line by the date. */
const AUTHORS_LINE = /^[•·*\-–]?\s*(\d{1,5})\s+authors?\b\s*[·•]?\s*(.*)$/i
/** A listing date: "Mar 30, 2023", "Aug 5", then an optional upvote count ("Feb 21 2", "Apr 10, 2024 1"). */
const DATE_LINE = /^(?:published\s+(?:on\s+)?)?([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:,\s*(\d{4}))?(?:\s+(\d{1,7}))?$/i
/** A lone separator or bullet. */
const SEPARATOR_LINE = /^[·•|\-–—]+$/
/** An attribution and its date on one line: "inclusionAI inclusionAI · Nov 20". */
const INLINE_ATTRIBUTION = /^(.{1,80}?)\s+[·•]\s+(.+)$/
/** A line with only a number: an upvote count that landed on its own line. */
const COUNT_LINE = /^\d{1,7}$/
/** "Submitted by akhaliq", or "Submitted by" alone with the name on the next line. */
const SUBMITTED_BY = /^submitted\s+by\b\s*(.*)$/i
/** Lines of page chrome that are never a paper's title. */
const CHROME_LINE = /^(new|subscribe|daily papers|trending papers|papers|get trending papers in your email inbox!?|by\s*ak and the research community|previous|next|search|submit|upvote|\d+ papers?|sort by.*|(?:daily|weekly|monthly)|view all|load more)$/i
/** Longest line read as an organisation's or submitter's name rather than as abstract text. */
const ATTRIBUTION_MAX_LENGTH = 80
/**
 * A code host link inside an abstract becomes the paper's code link, with or without its
 * scheme, and also when a copy glued it to the word before ("available atgithub.com/org/repo").
 */
const CODE_LINK = /(?:https?:\/\/)?(?:www\.)?(?:github\.com|gitlab\.com|huggingface\.co\/spaces|bitbucket\.org|codeberg\.org)\/[^\s<>"'\x60{}|\\^]+/gi
/** What may stand right before a scheme-less code link: a boundary, or the glued word "at". */
const CODE_LINK_BEFORE = /(?:^|[\s(<\[:"'“]|at)$/i

/** True when `text` looks like a copied listing page: at least one entry end after some text. */
export function looksLikePapersPage(lines: readonly string[]): boolean {
  const items = lines.map((line) => ({ text: line.trim(), line: 0 })).filter((item) => item.text)
  const today = new Date()
  for (let at = 1; at < items.length; at++) if (entryEndAt(items, at, today)) return true
  return false
}

interface DateReading {
  published: string
  upvotes?: number
}

/** Reads a listing date line, or null if the line is not one. */
export function readListingDate(line: string, today: Date): DateReading | null {
  const match = DATE_LINE.exec(line.trim())
  if (!match) return null
  const month = monthNumber(match[1]!)
  const day = Number(match[2])
  if (!month || day < 1 || day > 31) return null
  const published = match[3] ? isoDate(Number(match[3]), month, day) : dateWithoutYear(month, day, today)
  return match[4] ? { published, upvotes: Number(match[4]) } : { published }
}

interface Line {
  text: string
  line: number
}

/**
 * Where an entry ends, found at line `at`: its attribution (author count or submitter), its
 * date, and the index of the first line after it. `bodyEnd` is where the entry's own text
 * (title and abstract) stops.
 */
interface EntryEnd {
  bodyEnd: number
  next: number
  authorCount?: number
  date: DateReading | null
}

/** Reads an entry's end starting at line `at`, or null if line `at` does not start one. */
function entryEndAt(lines: readonly Line[], at: number, today: Date): EntryEnd | null {
  const text = lines[at]!.text
  const authors = AUTHORS_LINE.exec(text)
  if (authors) return withDate(lines, at + 1, { bodyEnd: at, authorCount: Number(authors[1]) }, authors[2]!.trim(), today)
  // "<organisation>" then "·" then the date; or the separator and date with no attribution at all.
  const separatorAt = SEPARATOR_LINE.test(text) ? at : at + 1 < lines.length && SEPARATOR_LINE.test(lines[at + 1]!.text) && isAttribution(text) ? at + 1 : -1
  if (separatorAt >= 0 && separatorAt + 1 < lines.length) {
    const date = readListingDate(lines[separatorAt + 1]!.text, today)
    if (date) return withUpvotes(lines, separatorAt + 2, { bodyEnd: at, date })
  }
  const inline = INLINE_ATTRIBUTION.exec(text)
  if (inline && isAttribution(inline[1]!)) {
    const date = readListingDate(inline[2]!, today)
    if (date) return withUpvotes(lines, at + 1, { bodyEnd: at, date })
  }
  return null
}

/** A short line that names someone, not a sentence of an abstract. */
function isAttribution(text: string): boolean {
  return text.length <= ATTRIBUTION_MAX_LENGTH && !/[.!?:;]$/.test(text) && !SEPARATOR_LINE.test(text)
}

/** Completes an author-count end with the date that follows (same line, or after a separator). */
function withDate(lines: readonly Line[], next: number, end: { bodyEnd: number; authorCount: number }, inlineDate: string, today: Date): EntryEnd {
  let dateText = inlineDate
  if (!dateText) {
    if (next < lines.length && SEPARATOR_LINE.test(lines[next]!.text)) next++
    if (next < lines.length && readListingDate(lines[next]!.text, today)) dateText = lines[next++]!.text
  }
  const date = dateText ? readListingDate(dateText.replace(/^[·•]\s*/, ''), today) : null
  return withUpvotes(lines, next, { ...end, date })
}

/** Takes an upvote count on its own line after a date. */
function withUpvotes(lines: readonly Line[], next: number, end: Omit<EntryEnd, 'next'>): EntryEnd {
  if (end.date && end.date.upvotes === undefined && next < lines.length && COUNT_LINE.test(lines[next]!.text)) {
    return { ...end, date: { ...end.date, upvotes: Number(lines[next]!.text) }, next: next + 1 }
  }
  return { ...end, next }
}

/**
 * Reads every entry of a copied listing page. An entry end with no title before it is
 * reported as skipped.
 */
export function parsePapersPage(text: string, options: ParseOptions = {}): { papers: ParsedPaper[]; skipped: SkippedItem[] } {
  const today = options.referenceDate ?? new Date()
  const lines: Line[] = text.split('\n').map((line, index) => ({ text: line.trim(), line: index + 1 })).filter((item) => item.text)
  const papers: ParsedPaper[] = []
  const skipped: SkippedItem[] = []
  let start = 0
  let first = true
  for (let at = 0; at < lines.length; at++) {
    // An entry needs a title first: an end found on the entry's first line is its title.
    if (at === start && !AUTHORS_LINE.test(lines[at]!.text)) continue
    const end = entryEndAt(lines, at, today)
    if (!end) continue
    let body = dropSubmitterLines(lines.slice(start, end.bodyEnd))
    if (first) body = dropLeadingChrome(body, today)
    first = false
    start = end.next
    at = end.next - 1
    const [titleLine, ...abstractLines] = body
    if (!titleLine) {
      skipped.push({ line: lines[end.bodyEnd]!.line, text: excerpt(lines[end.bodyEnd]!.text), reason: 'An entry with no title before it.' })
      continue
    }
    papers.push(paperOf(titleLine.text, abstractLines.map((item) => item.text).join('\n\n'), end))
  }
  return { papers, skipped }
}

/** The paper of one entry. */
function paperOf(title: string, abstract: string, end: EntryEnd): ParsedPaper {
  const paper: ParsedPaper = { title }
  if (end.authorCount !== undefined) paper.authorCount = end.authorCount
  if (abstract) paper.abstract = abstract
  if (end.date?.published) paper.published = end.date.published
  if (end.date?.upvotes !== undefined) paper.upvotes = end.date.upvotes
  const code = codeLinkIn(abstract)
  if (code) paper.codeUrl = code
  return paper
}

/** The first code host link in `text`, with a scheme added where the copy had none. */
function codeLinkIn(text: string): string | undefined {
  // matchAll works on a copy of the regex, so the shared one keeps no state between calls
  for (const match of text.matchAll(CODE_LINK)) {
    if (!/^https?:/i.test(match[0]) && !CODE_LINK_BEFORE.test(text.slice(Math.max(0, match.index - 3), match.index))) continue
    const link = paperFromUrl(trimTrailingPunctuation(match[0]))
    if (link?.url) return link.url
  }
  return undefined
}

/**
 * Drops "Submitted by" lines (with the name on the next line when it stands alone) and lone
 * upvote counts before the title: what a desktop copy carries from the submitter's avatar.
 */
function dropSubmitterLines(body: Line[]): Line[] {
  const kept: Line[] = []
  for (let i = 0; i < body.length; i++) {
    const submitted = SUBMITTED_BY.exec(body[i]!.text)
    if (submitted) {
      if (!submitted[1] && i + 1 < body.length && isAttribution(body[i + 1]!.text)) i++
      continue
    }
    if (!kept.length && COUNT_LINE.test(body[i]!.text)) continue
    kept.push(body[i]!)
  }
  return kept
}

/**
 * Drops the chrome before the first entry: known chrome lines and a lone page date. If more
 * than a title and an abstract remain, the title is the line just before the abstract (the
 * last line, or the one before it when the last line is a paragraph).
 */
function dropLeadingChrome<T extends { text: string }>(body: T[], today: Date): T[] {
  const kept = body.filter((item) => !CHROME_LINE.test(item.text) && !readListingDate(item.text, today))
  if (kept.length <= 2) return kept
  const last = kept.at(-1)!
  const lastIsParagraph = last.text.length > 200 || /[.!?]$/.test(last.text)
  return lastIsParagraph ? kept.slice(-2) : kept.slice(-1)
}
