/**
 * Import: turns whatever a member pastes or drops (BibTeX, RIS, CSL-JSON, a copied page of
 * papers, or free text with arXiv ids, DOIs and links) into papers ready for `addPaper`.
 *
 * Pure and synchronous: no DOM, no Y.Doc, no network, so the app, the relay and the tests
 * share it. It never throws on user text, and every step is linear or bounded per entry,
 * so a huge or hostile paste stays fast. `parsePapersBatched` does the same work in slices
 * and yields between them, for progress on large files without freezing the page.
 *
 * Exporters live beside it: `exportBibtex`, `exportCslJson`, `exportCsv`, `exportMarkdown`.
 */
import { paperIdFor } from '../doc/ids.js'
import { looksLikeBibtex, parseBibtexChunks, splitBibtex } from './bibtex.js'
import type { BibtexStrings } from './bibtex.js'
import { looksLikeCslJson, parseCslItems, parseJsonSafely } from './cslJson.js'
import { parseFreeText } from './freeText.js'
import { looksLikePapersPage, parsePapersPage } from './papersPage.js'
import { looksLikeRis, parseRis } from './ris.js'
import { normalizeInput } from './text.js'
import type { InputFormat, ParseOptions, ParseResult, ParsedPaper, SkippedItem } from './types.js'

export type { InputFormat, ParseOptions, ParseResult, ParsedPaper, SkippedItem } from './types.js'
export { findIdentifiers, paperFromUrl, isPlausibleNewArxivId } from './identifiers.js'
export { exportBibtex, citeKeys } from './exportBibtex.js'
export { exportCslJson, toCslItem } from './exportCslJson.js'
export { exportCsv } from './exportCsv.js'
export { exportMarkdown } from './exportMarkdown.js'

/** Largest input read (characters, about 20 MB); larger files are refused with a reason, not parsed. */
export const MAX_INPUT_CHARS = 20_000_000
/** Most papers one import returns; the rest are reported as skipped. */
export const MAX_PAPERS = 20_000

/** Which format `text` is in. Structured formats win over the listing page, which wins over free text. */
export function detectFormat(text: string): InputFormat {
  return detectNormalized(normalizeInput(text))
}

function detectNormalized(normalized: string): InputFormat {
  if (looksLikeCslJson(parseJsonSafely(normalized))) return 'csl-json'
  if (looksLikeRis(normalized)) return 'ris'
  if (looksLikeBibtex(normalized)) return 'bibtex'
  if (looksLikePapersPage(normalized.split('\n'))) return 'papers-page'
  return 'identifiers'
}

/**
 * Reads papers from pasted text or a file's contents, in any supported format (detected).
 * Papers come out in input order, one per paper id (a later duplicate fills in fields the
 * first lacked); what could not be read is in `skipped`, with its line and a reason.
 * @example parsePapers('see arXiv:2401.12345 and https://doi.org/10.1145/3580305.3599256').papers.length === 2
 */
export function parsePapers(text: string, options: ParseOptions = {}): ParseResult {
  const plan = planParse(text, options)
  plan.step(0, plan.total)
  return plan.finish()
}

/** Progress of a batched parse: units (entries for BibTeX) done so far out of the total. */
export type ParseProgress = (done: number, total: number) => void

/**
 * Like `parsePapers`, but works in slices of `batchSize` entries and yields to the event
 * loop between slices, reporting progress, so an import of thousands of entries keeps the
 * page responsive. The result is identical to `parsePapers`.
 */
export async function parsePapersBatched(
  text: string,
  options: ParseOptions & { batchSize?: number; onProgress?: ParseProgress } = {},
): Promise<ParseResult> {
  const plan = planParse(text, options)
  const size = Math.max(1, options.batchSize ?? 200)
  options.onProgress?.(0, plan.total)
  for (let from = 0; from < plan.total; from += size) {
    const to = Math.min(plan.total, from + size)
    plan.step(from, to)
    options.onProgress?.(to, plan.total)
    if (to < plan.total) await new Promise((resolve) => setTimeout(resolve, 0))
  }
  return plan.finish()
}

/** A parse cut into `total` units; `step` runs some, `finish` deduplicates and returns. */
interface ParsePlan {
  total: number
  step(from: number, to: number): void
  finish(): ParseResult
}

function planParse(raw: string, options: ParseOptions): ParsePlan {
  const papers: ParsedPaper[] = []
  const skipped: SkippedItem[] = []
  if (typeof raw !== 'string' || raw.length > MAX_INPUT_CHARS) {
    const size = typeof raw === 'string' ? `${Math.round(raw.length / 1_000_000)} MB` : 'not text'
    skipped.push({ line: 1, text: '', reason: `The input is too large to import (${size}); split it into smaller files.` })
    return { total: 0, step() {}, finish: () => ({ format: 'identifiers', papers, skipped }) }
  }
  const text = normalizeInput(raw)
  const format = detectNormalized(text)
  const finish = (): ParseResult => ({ format, ...dedupe(papers, skipped) })
  if (format === 'bibtex') {
    const chunks = splitBibtex(text)
    const strings: BibtexStrings = {}
    return {
      total: chunks.length,
      step(from, to) {
        for (const result of parseBibtexChunks(chunks.slice(from, to), strings)) {
          if (result && 'paper' in result) papers.push(result.paper)
          else if (result) skipped.push(result.skipped)
        }
      },
      finish,
    }
  }
  return {
    total: 1,
    step(from, to) {
      if (from > 0 || to < 1) return
      const result = parseWhole(format, text, options)
      papers.push(...result.papers)
      skipped.push(...result.skipped)
    },
    finish,
  }
}

function parseWhole(format: InputFormat, text: string, options: ParseOptions): { papers: ParsedPaper[]; skipped: SkippedItem[] } {
  try {
    switch (format) {
      case 'csl-json':
        return parseCslItems(parseJsonSafely(text))
      case 'ris':
        return parseRis(text)
      case 'papers-page':
        return parsePapersPage(text, options)
      default:
        return parseFreeText(text, options)
    }
  } catch {
    return { papers: [], skipped: [{ line: 1, text: '', reason: 'The input could not be read.' }] }
  }
}

/** One paper per id, in first-seen order; a duplicate fills fields the first lacked. */
function dedupe(papers: ParsedPaper[], skipped: SkippedItem[]): { papers: ParsedPaper[]; skipped: SkippedItem[] } {
  const byId = new Map<string, ParsedPaper>()
  let overflow = 0
  for (const paper of papers) {
    const id = paperIdFor(paper)
    if (!id) continue
    const existing = byId.get(id)
    if (existing) {
      for (const [key, value] of Object.entries(paper) as [keyof ParsedPaper, unknown][]) {
        if (existing[key] === undefined) (existing as Record<string, unknown>)[key] = value
      }
    } else if (byId.size < MAX_PAPERS) {
      byId.set(id, paper)
    } else {
      overflow++
    }
  }
  if (overflow) skipped.push({ line: 1, text: '', reason: `${overflow} more papers were left out: one import takes at most ${MAX_PAPERS}.` })
  return { papers: [...byId.values()], skipped: skipped.sort((a, b) => a.line - b.line) }
}
