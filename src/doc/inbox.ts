/**
 * The group's inbox: which feeds a list follows, its keyword filters, and which feed entries
 * the group dismissed. All of it lives in the list document (root `inbox`), so every member
 * sees the same settings and the group triages each paper once.
 *
 * Layout (flat keys, one per setting, so two members changing different settings merge):
 * - `setting|hfDaily`          true to follow Hugging Face Daily Papers
 * - `setting|arxivCategories`  arXiv categories followed (`cs.CL`, `stat.ML`)
 * - `setting|include`          keywords: an entry must contain one (none set: every entry)
 * - `setting|exclude`          keywords: an entry containing one is hidden
 * - `dismissed|<arxivId>`      { by, at }: a member dismissed that entry for everyone
 *
 * The feed entries themselves are not stored here: the relay serves them and each device
 * keeps its last copy. Readers clamp every value (`INBOX_LIMITS`), whatever a peer wrote.
 */
import type * as Y from 'yjs'
import { flatKey, papersOf, paperKey } from './schema.js'
import type { MemberId } from './schema.js'
import { clampText, FIELD_LIMITS } from './limits.js'
import { foldForSearch } from './listQuery.js'
import { arxivAbsUrl, arxivPdfUrl, normalizeArxivId } from './ids.js'
import type { PaperId } from './ids.js'
import { LOCAL_ORIGIN } from './ops.js'
import { hasPaper } from './queries.js'
import type { PaperInput } from './ops.js'

/** Root name of the inbox map. */
export const INBOX_ROOT = 'inbox'

/** Bounds of what the inbox keeps and reads. */
export const INBOX_LIMITS = {
  /** arXiv categories a list follows. */
  categories: 10,
  /** Keywords per include or exclude list. */
  keywords: 30,
  /** Characters of one keyword. */
  keyword: 60,
  /** Entries the inbox considers at once (all feeds together); the rest are not shown. */
  entries: 2_000,
} as const

/** What a list follows and how it filters. */
export interface FeedSettings {
  hfDaily: boolean
  arxivCategories: string[]
  include: string[]
  exclude: string[]
}

/** One paper from a feed (Hugging Face Daily Papers, an arXiv listing), as the inbox shows it. */
export interface FeedEntry {
  /** The arXiv id (every entry of both feeds has one). */
  arxivId: string
  title: string
  /** The first few names; `authorCount` keeps the full count. */
  authors: string[]
  authorCount: number
  abstract: string
  /** `YYYY-MM-DD`, or '' when the feed gives none. */
  published: string
  codeUrl?: string
  upvotes?: number
}

/** An arXiv category: `cs.CL`, `stat.ML`, `hep-th`, `math.AG`. */
export const CATEGORY_PATTERN = /^[a-z-]{2,16}(?:\.[A-Za-z-]{2,16})?$/

export const inboxOf = (doc: Y.Doc) => doc.getMap<unknown>(INBOX_ROOT)
const settingKey = (name: keyof FeedSettings): string => flatKey('setting', name)
const dismissedKey = (arxivId: string): string => flatKey('dismissed', arxivId)

/** The keyword list of a setting: trimmed, folded for matching, non-empty, unique, bounded. */
export function cleanKeywords(words: readonly unknown[]): string[] {
  const out: string[] = []
  for (const word of words.slice(0, INBOX_LIMITS.keywords * 4)) {
    if (typeof word !== 'string') continue
    const clean = clampText(word.replace(/\s+/g, ' ').trim(), INBOX_LIMITS.keyword)
    if (clean && !out.some((kept) => foldForSearch(kept) === foldForSearch(clean))) out.push(clean)
    if (out.length >= INBOX_LIMITS.keywords) break
  }
  return out
}

/** The categories of a setting: valid names only, unique, bounded. */
export function cleanCategories(categories: readonly unknown[]): string[] {
  const out: string[] = []
  for (const category of categories.slice(0, INBOX_LIMITS.categories * 4)) {
    if (typeof category !== 'string') continue
    const clean = category.trim()
    if (CATEGORY_PATTERN.test(clean) && !out.includes(clean)) out.push(clean)
    if (out.length >= INBOX_LIMITS.categories) break
  }
  return out
}

const listOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : [])

/** The list's feed settings, read tolerantly (a missing or odd value reads as off / empty). */
export function readFeedSettings(doc: Y.Doc): FeedSettings {
  const inbox = inboxOf(doc)
  return {
    hfDaily: inbox.get(settingKey('hfDaily')) === true,
    arxivCategories: cleanCategories(listOf(inbox.get(settingKey('arxivCategories')))),
    include: cleanKeywords(listOf(inbox.get(settingKey('include')))),
    exclude: cleanKeywords(listOf(inbox.get(settingKey('exclude')))),
  }
}

/** Whether the list follows any feed. */
export const followsAnyFeed = (settings: FeedSettings): boolean => settings.hfDaily || settings.arxivCategories.length > 0

/**
 * Changes some feed settings; each given setting replaces the stored one (last writer wins
 * per setting, so members changing different settings at once both keep theirs).
 */
export function setFeedSettings(doc: Y.Doc, change: Partial<FeedSettings>): void {
  const inbox = inboxOf(doc)
  doc.transact(() => {
    if (change.hfDaily !== undefined) inbox.set(settingKey('hfDaily'), change.hfDaily === true)
    if (change.arxivCategories) inbox.set(settingKey('arxivCategories'), cleanCategories(change.arxivCategories))
    if (change.include) inbox.set(settingKey('include'), cleanKeywords(change.include))
    if (change.exclude) inbox.set(settingKey('exclude'), cleanKeywords(change.exclude))
  }, LOCAL_ORIGIN)
}

/** Dismisses a feed entry for the whole group. Two members dismissing it at once: one record stays, either way dismissed. */
export function dismissEntry(doc: Y.Doc, arxivId: string, by: MemberId, at: number = Date.now()): void {
  const id = normalizeArxivId(arxivId)
  if (!id) return
  doc.transact(() => inboxOf(doc).set(dismissedKey(id), { by: clampText(by, FIELD_LIMITS.code), at }), LOCAL_ORIGIN)
}

/** Brings a dismissed entry back. No-op when it was not dismissed. */
export function undismissEntry(doc: Y.Doc, arxivId: string): void {
  const id = normalizeArxivId(arxivId)
  if (id && inboxOf(doc).has(dismissedKey(id))) doc.transact(() => inboxOf(doc).delete(dismissedKey(id)), LOCAL_ORIGIN)
}

/** Whether the group dismissed an entry. */
export const isDismissed = (doc: Y.Doc, arxivId: string): boolean => inboxOf(doc).has(dismissedKey(arxivId))

/** Whether an entry passes the keyword filters (case and accents ignored; title and abstract). */
export function matchesKeywords(entry: Pick<FeedEntry, 'title' | 'abstract'>, settings: Pick<FeedSettings, 'include' | 'exclude'>): boolean {
  if (!settings.include.length && !settings.exclude.length) return true
  const text = foldForSearch(`${entry.title}\n${entry.abstract}`)
  if (settings.exclude.some((word) => text.includes(foldForSearch(word)))) return false
  return !settings.include.length || settings.include.some((word) => text.includes(foldForSearch(word)))
}

/**
 * The inbox: entries that pass the filters, are not dismissed and are not in the list yet,
 * each once (first feed wins), in feed order. Reads at most `INBOX_LIMITS.entries` entries.
 */
export function inboxEntries(doc: Y.Doc, entries: readonly FeedEntry[], settings: FeedSettings = readFeedSettings(doc)): FeedEntry[] {
  const papers = papersOf(doc)
  const seen = new Set<string>()
  const shown: FeedEntry[] = []
  for (const entry of entries.slice(0, INBOX_LIMITS.entries)) {
    if (seen.has(entry.arxivId)) continue
    seen.add(entry.arxivId)
    const paperId = `arxiv:${entry.arxivId}` as PaperId
    const inList = hasPaper(doc, paperId) && !papers.get(paperKey('deletedAt', paperId))
    if (inList || isDismissed(doc, entry.arxivId) || !matchesKeywords(entry, settings)) continue
    shown.push(entry)
  }
  return shown
}

/** A feed entry as a paper to add, with its arXiv links (for `addPaper`). */
export function entryToPaper(entry: FeedEntry): PaperInput {
  const paper: PaperInput = {
    arxivId: entry.arxivId, title: entry.title, url: arxivAbsUrl(entry.arxivId), pdfUrl: arxivPdfUrl(entry.arxivId),
  }
  if (entry.authors.length) paper.authors = entry.authors
  if (entry.authorCount > entry.authors.length) paper.authorCount = entry.authorCount
  if (entry.abstract) paper.abstract = entry.abstract
  if (entry.published) paper.published = entry.published
  if (entry.codeUrl) paper.codeUrl = entry.codeUrl
  if (entry.upvotes) paper.upvotes = entry.upvotes
  return paper
}

/** The feed names the relay is asked for (`hf:<date>`, `arxiv:<category>`), for `today` as `YYYY-MM-DD`. */
export function feedNames(settings: FeedSettings, today: string): string[] {
  return [...(settings.hfDaily ? [`hf:${today}`] : []), ...settings.arxivCategories.map((category) => `arxiv:${category}`)]
}
