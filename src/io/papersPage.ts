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
 * The "N authors" line anchors each entry: the title is the first line after the previous
 * entry, the abstract runs up to the anchor, the date follows it. The page's own chrome
 * (headings, "Subscribe", the page date) sits before the first title and is dropped.
 * Blank lines carry no meaning, so copies that lost them parse the same.
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
/** A line with only a number: an upvote count that landed on its own line. */
const COUNT_LINE = /^\d{1,7}$/
/** Lines of page chrome that are never a paper's title. */
const CHROME_LINE = /^(new|subscribe|daily papers|trending papers|papers|get trending papers in your email inbox!?|by\s*ak and the research community|previous|next|search|submit|upvote|\d+ papers?|sort by.*|(?:daily|weekly|monthly)|view all|load more)$/i
/** A code host link inside an abstract becomes the paper's code link. */
const CODE_LINK = /https?:\/\/(?:www\.)?(?:github\.com|gitlab\.com|huggingface\.co\/spaces|bitbucket\.org|codeberg\.org)\/[^\s<>"'\x60{}|\\^]+/i

/** True when `text` looks like a copied listing page: at least one "N authors" line after some text. */
export function looksLikePapersPage(lines: readonly string[]): boolean {
  let seenText = false
  for (const line of lines) {
    const text = line.trim()
    if (seenText && AUTHORS_LINE.test(text)) return true
    if (text) seenText = true
  }
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

/**
 * Reads every entry of a copied listing page. An "N authors" line with no title before it
 * is reported as skipped.
 */
export function parsePapersPage(text: string, options: ParseOptions = {}): { papers: ParsedPaper[]; skipped: SkippedItem[] } {
  const today = options.referenceDate ?? new Date()
  const lines = text.split('\n').map((line, index) => ({ text: line.trim(), line: index + 1 })).filter((item) => item.text)
  const papers: ParsedPaper[] = []
  const skipped: SkippedItem[] = []
  let start = 0
  let first = true
  for (let at = 0; at < lines.length; at++) {
    const anchor = AUTHORS_LINE.exec(lines[at]!.text)
    if (!anchor) continue
    let body = lines.slice(start, at)
    if (first) body = dropLeadingChrome(body, today)
    first = false
    let next = at + 1
    let dateText = anchor[2]!.trim()
    if (!dateText) {
      if (next < lines.length && SEPARATOR_LINE.test(lines[next]!.text)) next++
      if (next < lines.length && readListingDate(lines[next]!.text, today)) dateText = lines[next++]!.text
    }
    const date = dateText ? readListingDate(dateText.replace(/^[·•]\s*/, ''), today) : null
    let upvotes = date?.upvotes
    if (upvotes === undefined && next < lines.length && COUNT_LINE.test(lines[next]!.text) && date) upvotes = Number(lines[next++]!.text)
    start = next
    at = next - 1
    const [titleLine, ...abstractLines] = body
    if (!titleLine) {
      skipped.push({ line: lines[at]!.line, text: excerpt(anchor[0]), reason: 'An author count with no title before it.' })
      continue
    }
    const abstract = abstractLines.map((item) => item.text).join('\n\n')
    const paper: ParsedPaper = { title: titleLine.text, authorCount: Number(anchor[1]) }
    if (abstract) paper.abstract = abstract
    if (date?.published) paper.published = date.published
    if (upvotes !== undefined) paper.upvotes = upvotes
    const code = CODE_LINK.exec(abstract)
    if (code) {
      const link = paperFromUrl(trimTrailingPunctuation(code[0]))
      if (link?.url) paper.codeUrl = link.url
    }
    papers.push(paper)
  }
  return { papers, skipped }
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
