/**
 * Shapes shared by every importer: what a parse returns and how it reports what it skipped.
 */
import type { PaperInput } from '../doc/ops.js'

/** A paper read from pasted text or a file, ready for `addPaper`. Dates are ISO `YYYY-MM-DD`, `YYYY-MM` or `YYYY`. */
export type ParsedPaper = PaperInput

/** A part of the input that gave no paper, with where it starts (1-based line) and why. */
export interface SkippedItem {
  line: number
  /** The start of the skipped text, shortened for display. */
  text: string
  reason: string
}

/** The formats `parsePapers` recognises. */
export type InputFormat = 'bibtex' | 'ris' | 'csl-json' | 'papers-page' | 'identifiers'

/** What a parse found: papers in input order (deduplicated by paper id) and what it skipped. */
export interface ParseResult {
  format: InputFormat
  papers: ParsedPaper[]
  skipped: SkippedItem[]
}

/** Options shared by the parsers. */
export interface ParseOptions {
  /**
   * "Today" for dates printed without a year (a listing page shows "Aug 5" for this year).
   * Defaults to now; tests pass a fixed date so results do not depend on the clock.
   */
  referenceDate?: Date
}

/** Longest excerpt kept in a skipped item. */
export const EXCERPT_LENGTH = 120

/** Shortens text for a skipped item: one line, at most `EXCERPT_LENGTH` characters. */
export function excerpt(text: string): string {
  const line = text.slice(0, EXCERPT_LENGTH * 4).replace(/\s+/g, ' ').trim()
  return line.length > EXCERPT_LENGTH ? `${line.slice(0, EXCERPT_LENGTH - 1)}…` : line
}
