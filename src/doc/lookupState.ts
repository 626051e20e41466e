/**
 * What the metadata lookup found out about papers, shared with the group (root `lookups`):
 * why a paper's details are still missing, and how often it is cited.
 *
 * Layout (flat keys):
 * - `outcome|<paperId>`    { status: 'notFound' | 'unavailable', message, at }: the last
 *                          lookup found nothing, or its upstream could not be reached.
 *                          Absent: never asked, or the details were filled in.
 * - `citations|<paperId>`  { count, at }: Semantic Scholar's citation count when fetched.
 *
 * Any member's device may write these (the lookup runs on whichever device is online);
 * last writer wins per key, which is right for "the latest answer". Readers clamp.
 */
import type * as Y from 'yjs'
import type { PaperId } from './ids.js'
import { clampText } from './limits.js'
import { LOCAL_ORIGIN } from './ops.js'
import { flatKey } from './schema.js'
import { hasSomethingToOpen } from './searchLinks.js'
import type { Paper } from './schema.js'

/** Root name of the lookup state map. */
export const LOOKUPS_ROOT = 'lookups'

/** Why a lookup left a paper without details. */
export type LookupStatus = 'notFound' | 'unavailable'

/** The stored outcome of the last lookup that found nothing. */
export interface LookupOutcome {
  status: LookupStatus
  /** The relay's reason, for people ("arXiv is having trouble (HTTP 503)."). */
  message: string
  at: number
}

/** Longest stored reason. */
export const MAX_OUTCOME_MESSAGE = 300
/** How long a citation count is taken as current (the relay caches it as long). */
export const CITATIONS_FRESH_MS = 7 * 24 * 3600_000

export const lookupsOf = (doc: Y.Doc) => doc.getMap<unknown>(LOOKUPS_ROOT)
const outcomeKey = (id: PaperId): string => flatKey('outcome', id)
const citationsKey = (id: PaperId): string => flatKey('citations', id)
const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value)

/** The stored outcome of a paper's last lookup, or null (never asked, filled, or unreadable). */
export function readLookupOutcome(doc: Y.Doc, id: PaperId): LookupOutcome | null {
  const value = lookupsOf(doc).get(outcomeKey(id))
  if (!isRecord(value) || (value.status !== 'notFound' && value.status !== 'unavailable')) return null
  return {
    status: value.status,
    message: typeof value.message === 'string' ? clampText(value.message, MAX_OUTCOME_MESSAGE) : '',
    at: typeof value.at === 'number' && Number.isFinite(value.at) ? value.at : 0,
  }
}

/** Records why a lookup found nothing (replacing an earlier outcome). */
export function setLookupOutcome(doc: Y.Doc, id: PaperId, outcome: LookupOutcome): void {
  const value = { status: outcome.status, message: clampText(outcome.message, MAX_OUTCOME_MESSAGE), at: outcome.at }
  doc.transact(() => lookupsOf(doc).set(outcomeKey(id), value), LOCAL_ORIGIN)
}

/** Forgets a paper's outcome: its details were filled, or a member asked to try again. */
export function clearLookupOutcomes(doc: Y.Doc, ids: readonly PaperId[]): void {
  const lookups = lookupsOf(doc)
  const present = ids.filter((id) => lookups.has(outcomeKey(id)))
  if (present.length) doc.transact(() => present.forEach((id) => lookups.delete(outcomeKey(id))), LOCAL_ORIGIN)
}

/** A paper's citation count and when it was fetched, or null when unknown. */
export function readCitations(doc: Y.Doc, id: PaperId): { count: number; at: number } | null {
  const value = lookupsOf(doc).get(citationsKey(id))
  if (!isRecord(value) || typeof value.count !== 'number' || !Number.isInteger(value.count) || value.count < 0) return null
  return { count: value.count, at: typeof value.at === 'number' && Number.isFinite(value.at) ? value.at : 0 }
}

/** Records a paper's citation count. */
export function setCitations(doc: Y.Doc, id: PaperId, count: number, at: number = Date.now()): void {
  if (!Number.isInteger(count) || count < 0 || count >= 1e9) return
  doc.transact(() => lookupsOf(doc).set(citationsKey(id), { count, at }), LOCAL_ORIGIN)
}

/** Whether a paper id is made from an arXiv id or a DOI (`arxiv:…`, `doi:…`): the relay looks those up by id. */
export const isIdentifierId = (id: string): boolean => /^(arxiv|doi):/.test(id)

/** How a paper's details may be found: by its arXiv id or DOI, by its title, or not at all. */
export function lookupKind(paper: Paper): 'id' | 'title' | null {
  if (paper.deletedAt) return null
  if (isIdentifierId(paper.id)) return 'id'
  // pasted without an identifier: nothing to open (a code link alone does not count)
  if (!hasSomethingToOpen(paper) && paper.title.trim().length >= 8) return 'title'
  return null
}

/**
 * True for a live paper a lookup should complete: one added by arXiv id or DOI that is
 * pending or mostly empty (at least three of title, authors, abstract and date missing), or
 * one pasted without any identifier or link, to be found by its title.
 */
export function needsDetails(paper: Paper): boolean {
  const kind = lookupKind(paper)
  if (kind === 'title') return true
  if (kind !== 'id') return false
  if (paper.pending) return true
  const missing = [
    !paper.title || paper.title === paper.id.replace(/^\w+:/, ''),
    paper.authors.length === 0 && paper.authorCount === 0,
    !paper.abstract,
    !paper.published,
  ].filter(Boolean).length
  return missing >= 3
}
