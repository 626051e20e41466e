/**
 * BibTeX / BibLaTeX import, on biblatex-csl-converter's parser (it decodes LaTeX accents,
 * braces, math and macros the way reference managers do).
 *
 * The input is first cut into entries at each line that opens one (`@type{` or `@type(`),
 * and each entry is parsed on its own: a broken entry (an unclosed brace, a missing `=`) is
 * reported with its line and skipped while the entries around it still parse, and no single
 * entry can make the whole parse slow. `@string` macros apply to every entry after them.
 */
import { BibLatexParser } from 'biblatex-csl-converter'
import { identityFromUrl, isSafeLink, normalizeArxivId, normalizeDoi } from '../doc/ids.js'
import { leadingIsoDate, monthNumber } from './dates.js'
import { findIdentifiers } from './identifiers.js'
import { excerpt } from './types.js'
import type { ParsedPaper, SkippedItem } from './types.js'

/** An entry larger than this is refused rather than parsed (no real entry comes close). */
export const MAX_ENTRY_CHARS = 200_000
/** Brace nesting deeper than this is refused: no real entry needs it. */
export const MAX_BRACE_DEPTH = 64

/** A line that opens an entry or directive. */
const ENTRY_START = /^[ \t]*@[ \t]*([A-Za-z]+)[ \t]*[{(]/gm

/** True when `text` contains at least one BibTeX entry opener. */
export function looksLikeBibtex(text: string): boolean {
  ENTRY_START.lastIndex = 0
  const found = ENTRY_START.test(text)
  ENTRY_START.lastIndex = 0
  return found
}

/** One entry's source text and the line it starts on. */
export interface BibtexChunk {
  type: string
  text: string
  line: number
}

/** Cuts `text` into entries at each line that opens one. Text before the first is a comment. */
export function splitBibtex(text: string): BibtexChunk[] {
  const starts: { index: number; type: string }[] = []
  for (const match of text.matchAll(ENTRY_START)) starts.push({ index: match.index, type: match[1]!.toLowerCase() })
  const chunks: BibtexChunk[] = []
  let line = 1
  let counted = 0
  for (let at = 0; at < starts.length; at++) {
    const { index, type } = starts[at]!
    for (let i = text.indexOf('\n', counted); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++
    counted = index
    chunks.push({ type, text: text.slice(index, starts[at + 1]?.index ?? text.length), line })
  }
  return chunks
}

/** Macros (`@string`) and month names carried from one entry to the next. */
export type BibtexStrings = Record<string, string>

/** What parsing one chunk gave: a paper, a skip, or nothing (a comment or preamble). */
export type ChunkResult = { paper: ParsedPaper } | { skipped: SkippedItem } | null

const PARSER_CONFIG = { processUnexpected: true, processUnknown: true }

/**
 * Entries parsed together in one call. The parser's TeX decoding costs a fixed ~3,000 regex
 * passes per call whenever a backslash is left (any `\\emph`, any math), so parsing entries
 * one by one is about 20 times slower than in groups. A group with a broken entry is split
 * in halves until the broken entry stands alone, so it costs a few extra passes, no more.
 */
const BATCH_SIZE = 250

/**
 * Parses consecutive chunks, in groups where it can (see `BATCH_SIZE`). Results are in
 * chunk order, one per chunk. `strings` is updated by `@string` chunks as they come.
 */
export function parseBibtexChunks(chunks: readonly BibtexChunk[], strings: BibtexStrings): ChunkResult[] {
  const results: ChunkResult[] = []
  let batch: BibtexChunk[] = []
  const flush = () => {
    if (batch.length) results.push(...parseBatch(batch, strings))
    batch = []
  }
  for (const chunk of chunks) {
    const braces = chunk.text.length <= MAX_ENTRY_CHARS ? braceStats(chunk.text) : null
    const plainEntry = chunk.type !== 'string' && chunk.type !== 'comment' && chunk.type !== 'preamble' &&
      braces !== null && braces.balanced && braces.deepest <= MAX_BRACE_DEPTH
    if (!plainEntry) {
      flush()
      results.push(parseBibtexChunk(chunk, strings))
      continue
    }
    batch.push(chunk)
    if (batch.length >= BATCH_SIZE) flush()
  }
  flush()
  return results
}

function parseBatch(batch: BibtexChunk[], strings: BibtexStrings): ChunkResult[] {
  if (batch.length === 1) return [parseBibtexChunk(batch[0]!, strings)]
  try {
    const parser = new BibLatexParser(batch.map((chunk) => prepare(chunk.text)).join('\n'), PARSER_CONFIG)
    parser.strings = { ...strings }
    const result = parser.parse()
    const entries = Object.values(result.entries)
    if (!result.errors.some((error) => FATAL.has(error.type)) && entries.length === batch.length) {
      return entries.map((entry, index) => resultOf(entry, batch[index]!))
    }
  } catch {
    // fall through: split the group to isolate the broken entry
  }
  const half = Math.ceil(batch.length / 2)
  return [...parseBatch(batch.slice(0, half), strings), ...parseBatch(batch.slice(half), strings)]
}

type Entry = { bib_type: string; fields: Record<string, unknown>; unexpected_fields?: Record<string, unknown>; unknown_fields?: Record<string, unknown> }

function resultOf(entry: Entry, chunk: BibtexChunk): ChunkResult {
  const paper = paperFromEntry(entry)
  if (!paper.title && !paper.arxivId && !paper.doi && !paper.url) {
    return { skipped: { line: chunk.line, text: excerpt(chunk.text), reason: 'The entry has no title, arXiv id, DOI or link.' } }
  }
  return { paper }
}
/** Errors after which the entry's text cannot be trusted: the entry is skipped. */
const FATAL = new Set(['unexpected_eof', 'runaway_key', 'cut_off_citation', 'key_value_error', 'missing_equal_sign', 'token_mismatch'])

/**
 * Parses one chunk. `strings` is updated in place by `@string` chunks so later entries see
 * the macros. Never throws.
 */
export function parseBibtexChunk(chunk: BibtexChunk, strings: BibtexStrings): ChunkResult {
  if (chunk.type === 'comment' || chunk.type === 'preamble') return null
  const skip = (reason: string): ChunkResult => ({ skipped: { line: chunk.line, text: excerpt(chunk.text), reason } })
  if (chunk.text.length > MAX_ENTRY_CHARS) return skip('The entry is too long to be a real one.')
  const braces = braceStats(chunk.text)
  if (braces.deepest > MAX_BRACE_DEPTH) return skip('The entry nests braces too deeply.')
  if (!braces.balanced && /^\s*@\s*[A-Za-z]+\s*\{/.test(chunk.text)) return skip('The entry\'s braces do not balance: it is cut off or has a stray brace.')
  let result: ReturnType<BibLatexParser['parse']>
  try {
    const parser = new BibLatexParser(prepare(chunk.text), PARSER_CONFIG)
    parser.strings = { ...strings }
    result = parser.parse()
  } catch {
    return skip('The entry could not be read.')
  }
  if (chunk.type === 'string') {
    Object.assign(strings, result.strings)
    return null
  }
  const fatal = result.errors.find((error) => FATAL.has(error.type))
  if (fatal) return skip(describeError(fatal))
  const entry = Object.values(result.entries)[0]
  if (!entry) return skip('No entry found here.')
  return resultOf(entry, chunk)
}

/**
 * Smooths over what the parser reads less well than reference managers do: the TeX logos
 * (`\\TeX`, `\\LaTeX`) and month names written out in braces (`month = {March}`).
 */
function prepare(text: string): string {
  return text
    .replace(/\\(La|Bib)?TeX\b(?:\{\})?/g, (_match, prefix: string | undefined) => `${prefix ?? ''}TeX`)
    .replace(/(\bmonth\s*=\s*)(?:\{\s*([A-Za-z]+)\.?\s*\}|"\s*([A-Za-z]+)\.?\s*")/gi, (match, lead: string, braced?: string, quoted?: string) => {
      const month = monthNumber(braced ?? quoted ?? '')
      return month ? `${lead}${month}` : match
    })
}

function describeError(error: { type: string; expected?: string; found?: string }): string {
  switch (error.type) {
    case 'unexpected_eof':
      return 'The entry ends before its braces close.'
    case 'token_mismatch':
      return error.expected ? `Expected "${error.expected}" in the entry; it looks cut off or unbalanced.` : 'The entry is malformed.'
    case 'missing_equal_sign':
      return 'A field is missing its "=".'
    case 'runaway_key':
    case 'cut_off_citation':
      return 'The entry key is malformed.'
    default:
      return 'The entry is malformed.'
  }
}

/** Brace nesting in `text`, escaped braces (`\\{`) aside: the deepest level and whether they balance. Linear. */
function braceStats(text: string): { deepest: number; balanced: boolean } {
  let depth = 0
  let deepest = 0
  let balanced = true
  for (let at = 0; at < text.length; at++) {
    const code = text.charCodeAt(at)
    if (code === 92) at++
    else if (code === 123) {
      depth++
      if (depth > deepest) deepest = depth
    } else if (code === 125) {
      if (depth === 0) balanced = false
      else depth--
    }
  }
  return { deepest, balanced: balanced && depth === 0 }
}

interface Node {
  type: string
  text?: string
  marks?: { type: string }[]
  attrs?: Record<string, unknown>
}

/** Flattens the parser's rich text to plain text, turning TeX dashes into real ones. */
export function plainText(value: unknown): string {
  if (typeof value === 'string') return tidy(value)
  if (!Array.isArray(value)) return ''
  let out = ''
  for (const node of value as Node[]) {
    if (typeof node?.text === 'string') {
      const isUrl = node.marks?.some((mark) => mark.type === 'url')
      out += isUrl ? node.text : node.text.replace(/---/g, '—').replace(/--/g, '–')
    } else if (node?.type === 'variable' && typeof node.attrs?.variable === 'string') {
      out += node.attrs.variable
    }
  }
  return tidy(out)
}

const tidy = (text: string): string => text.replace(/[\s\u00a0]+/g, ' ').trim()

/** Keeps paragraph breaks in a long text field (abstracts), collapsing other whitespace. */
function paragraphs(value: unknown): string {
  if (!Array.isArray(value)) return plainText(value)
  const raw = (value as Node[]).map((node) => (typeof node?.text === 'string' ? node.text : '')).join('')
  if (!/\n\s*\n/.test(raw)) return plainText(value)
  return raw.split(/\n\s*\n/).map((part) => plainText([{ type: 'text', text: part }])).filter(Boolean).join('\n\n')
}

interface NameParts {
  literal?: unknown
  family?: unknown
  given?: unknown
  prefix?: unknown
  suffix?: unknown
}

/** "Given prefix Family, Suffix" → the display form the document stores ("Ludwig van Beethoven"). */
function nameText(name: NameParts): string {
  if (name.literal) return plainText(name.literal)
  const main = [plainText(name.given), plainText(name.prefix), plainText(name.family)].filter(Boolean).join(' ')
  const suffix = plainText(name.suffix)
  return suffix ? `${main}, ${suffix}` : main
}

const fieldOf = (entry: { fields: Record<string, unknown>; unexpected_fields?: Record<string, unknown>; unknown_fields?: Record<string, unknown> }, name: string): unknown =>
  entry.fields[name] ?? entry.unexpected_fields?.[name] ?? entry.unknown_fields?.[name]

/** Maps one parsed entry to a paper. */
function paperFromEntry(entry: Entry): ParsedPaper {
  const get = (name: string) => fieldOf(entry, name)
  const paper: ParsedPaper = {}
  const title = plainText(get('title'))
  if (title) paper.title = title
  const people = (get('author') ?? get('editor')) as NameParts[] | undefined
  if (Array.isArray(people)) {
    const authors = people.map(nameText).filter((name) => name && name.toLowerCase() !== 'others')
    if (authors.length) paper.authors = authors
  }
  const abstract = paragraphs(get('abstract'))
  if (abstract) paper.abstract = abstract
  const published = typeof get('date') === 'string' ? leadingIsoDate(get('date') as string) : ''
  if (published) paper.published = published

  const arxivId = arxivIdOf(get)
  if (arxivId) paper.arxivId = arxivId
  const doi = normalizeDoi(plainText(get('doi')))
  if (doi) paper.doi = doi
  const url = plainText(get('url')) || urlIn(get('howpublished'))
  if (isSafeLink(url)) paper.url = url
  const pdf = plainText(get('pdf') ?? get('file'))
  if (isSafeLink(pdf)) paper.pdfUrl = pdf
  const code = plainText(get('code'))
  if (isSafeLink(code)) paper.codeUrl = code
  const venue = plainText(get('journaltitle') ?? get('booktitle') ?? get('eventtitle'))
  if (venue && !/^arxiv\b/i.test(venue)) paper.venue = venue
  const keywords = get('keywords')
  if (Array.isArray(keywords)) {
    const tags = keywords.map((tag) => plainText(tag)).filter(Boolean)
    if (tags.length) paper.tags = tags
  }
  return paper
}

/** The arXiv id from eprint fields, an `arxiv` field, an arXiv URL, or "arXiv:…" in the journal or note. */
function arxivIdOf(get: (name: string) => unknown): string | null {
  const eprint = plainText(get('eprint'))
  const eprintType = plainText(get('eprinttype') ?? get('archiveprefix')).toLowerCase()
  if (eprint && (eprintType === 'arxiv' || !eprintType)) {
    const id = normalizeArxivId(eprint)
    if (id) return id
  }
  for (const field of ['arxiv', 'arxivid', 'arxiv_id']) {
    const id = normalizeArxivId(plainText(get(field)))
    if (id) return id
  }
  const url = plainText(get('url'))
  const fromUrl = url ? identityFromUrl(url).arxivId : undefined
  if (fromUrl) return fromUrl
  for (const field of ['journaltitle', 'note', 'howpublished', 'booktitle']) {
    const text = plainText(get(field))
    if (!/arxiv/i.test(text)) continue
    const found = findIdentifiers(text).find((item) => item.paper.arxivId)
    if (found) return found.paper.arxivId!
  }
  return null
}

/** The first http(s) link in a field such as `howpublished = {\url{…}}`. */
function urlIn(value: unknown): string {
  const text = plainText(value)
  const match = /https?:\/\/\S+/.exec(text)
  return match ? match[0] : ''
}
