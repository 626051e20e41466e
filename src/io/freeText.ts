/**
 * Free text with identifiers: one per line, several per line, or mixed into prose.
 */
import { findIdentifiers } from './identifiers.js'
import { makeLineIndex } from './text.js'
import { excerpt } from './types.js'
import type { ParseOptions, ParsedPaper, SkippedItem } from './types.js'

/** Most lines reported as skipped for a paste with no identifiers at all. */
const MAX_SKIPPED_LINES = 50

/**
 * Reads every identifier in `text`. A line with nothing usable is reported as skipped when
 * it looks like an attempt at one (a single word), or when the whole paste gave nothing,
 * so prose around the ids does not drown the report.
 */
export function parseFreeText(text: string, options: ParseOptions = {}): { papers: ParsedPaper[]; skipped: SkippedItem[] } {
  const found = findIdentifiers(text, options.referenceDate ?? new Date())
  const lineOf = makeLineIndex(text)
  const linesWithIds = new Set(found.map((item) => lineOf(item.index)))
  const skipped: SkippedItem[] = []
  const lines = text.split('\n')
  for (let index = 0; index < lines.length && skipped.length < MAX_SKIPPED_LINES; index++) {
    const line = lines[index]!.trim()
    if (!line || linesWithIds.has(index + 1)) continue
    const looksLikeAnAttempt = !/\s/.test(line) && line.length <= 300
    if (found.length === 0 || looksLikeAnAttempt) {
      skipped.push({ line: index + 1, text: excerpt(line), reason: 'No arXiv id, DOI or link found.' })
    }
  }
  return { papers: found.map((item) => item.paper), skipped }
}
