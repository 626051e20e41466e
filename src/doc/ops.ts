/**
 * Typed edits of a list document. The UI, the importers and the tests all call these.
 *
 * Every op validates before it transacts, so a rejected input leaves no partial update,
 * and edits fields in place (never replaces a whole record another build may have extended).
 * Ops on a paper a peer has already deleted still apply: a soft delete can be undone.
 */
import * as Y from 'yjs'
import { paperIdFor, normalizeArxivId, normalizeDoi, arxivAbsUrl, arxivPdfUrl, doiUrl, identityFromUrl, isSafeLink } from './ids.js'
import type { PaperId } from './ids.js'
import {
  EDITED_PREFIX, EDITABLE_FIELDS, READING_STATES, SCHEMA_VERSION, PAPER_STATUSES,
  commentsOf, memberPaperKey, membersOf, metaOf, normalizeTag, noteOf, paperKey, papersOf, readTags, readingOf, tagKey, votesOf,
} from './schema.js'
import type { EditableField, MemberId, PaperStatus, ReadingState, Paper } from './schema.js'
import { randomId } from './ids.js'
import { FIELD_LIMITS, clampText } from './limits.js'
import { fieldsOfPaper, paperFieldsIndex } from './paperIndex.js'

/** Origin of this user's own edits: undo tracks it, and sync status counts it as unsent. */
export const LOCAL_ORIGIN = Symbol('shortlist:local')

/** Thrown when an op's input is unusable; nothing was written. */
export class InvalidInputError extends Error {
  override name = 'InvalidInputError'
}

/** Bibliographic fields a paper may be added with. Everything but an identity is optional. */
export interface PaperInput {
  title?: string
  authors?: string[]
  authorCount?: number
  abstract?: string
  url?: string
  pdfUrl?: string
  codeUrl?: string
  arxivId?: string
  doi?: string
  published?: string
  venue?: string
  tags?: string[]
  upvotes?: number
}

/** What `addPaper` did: the id, and whether the paper was new to this replica. */
export interface AddResult {
  id: PaperId
  created: boolean
}

/** Names and describes a list. Called once by whoever creates it; never seeds content. */
export function createList(doc: Y.Doc, input: { name: string; description?: string; at?: number }): void {
  const name = cleanLine(input.name, FIELD_LIMITS.listName)
  if (!name) throw new InvalidInputError('A list needs a name.')
  doc.transact(() => {
    const meta = metaOf(doc)
    meta.set('name', name)
    meta.set('description', cleanText(input.description ?? '', FIELD_LIMITS.listDescription))
    if (!meta.has('createdAt')) meta.set('createdAt', input.at ?? Date.now())
    meta.set('schemaVersion', SCHEMA_VERSION)
  }, LOCAL_ORIGIN)
}

/**
 * Renames a list; last writer wins. Used by list management and to mark a restored copy.
 * @throws InvalidInputError on an empty name.
 */
export const renameList = (doc: Y.Doc, name: string): void => updateListMeta(doc, { name })

/** Renames a list or changes its description; last writer wins per field. */
export function updateListMeta(doc: Y.Doc, input: { name?: string; description?: string }): void {
  const name = input.name === undefined ? undefined : cleanLine(input.name, FIELD_LIMITS.listName)
  if (name === '') throw new InvalidInputError('A list needs a name.')
  doc.transact(() => {
    const meta = metaOf(doc)
    if (name !== undefined) meta.set('name', name)
    if (input.description !== undefined) meta.set('description', cleanText(input.description, FIELD_LIMITS.listDescription))
  }, LOCAL_ORIGIN)
}

/**
 * Adds a paper, or merges into the existing entry with the same identity.
 *
 * The id comes from the identity (arXiv id, DOI, URL, else title), so two members adding the
 * same paper offline converge on one entry; each field merges last-writer-wins. Fields the
 * existing entry already has are kept (an add never overwrites what someone wrote).
 * A paper added with only an arXiv id or DOI is marked `pending` until a lookup fills its details.
 * Re-adding a deleted paper restores it.
 * @throws InvalidInputError if nothing identifies the paper.
 */
export function addPaper(doc: Y.Doc, input: PaperInput, by: MemberId, at: number = Date.now()): AddResult {
  const fields = cleanPaperInput(input)
  const id = paperIdFor(fields)
  if (!id) throw new InvalidInputError('A paper needs a title, an arXiv id, a DOI or a link.')
  const papers = papersOf(doc)
  const created = !papers.has(paperKey('addedAt', id))
  doc.transact(() => {
    if (created) {
      papers.set(paperKey('addedBy', id), by)
      papers.set(paperKey('addedAt', id), at)
      papers.set(paperKey('status', id), 'queued')
      // Only ids a lookup can resolve wait for details; a bare link is complete as it is.
      if (!fields.title && (fields.arxivId || fields.doi)) papers.set(paperKey('pending', id), true)
    } else if (papers.get(paperKey('deletedAt', id))) {
      papers.set(paperKey('deletedAt', id), 0)
    }
    for (const field of EDITABLE_FIELDS) {
      const value = fields[field]
      if (isEmpty(value) || field === 'tags') continue
      if (isEmpty(papers.get(paperKey(field, id)))) papers.set(paperKey(field, id), value)
    }
    if (fields.tags) writeTags(papers, id, { add: fields.tags })
    if (!created && fields.title && papers.get(paperKey('pending', id)) === true) papers.set(paperKey('pending', id), false)
  }, LOCAL_ORIGIN)
  return { id, created }
}

/**
 * Edits fields of a paper by hand. Each field is written in place and marked as edited,
 * so a later metadata lookup never overwrites it. No-op for a paper this replica lacks.
 * `tags` is the whole new set: tags this replica shows and the input lacks are removed, the
 * others added, one key each (a tag a peer adds meanwhile survives unless it is in neither).
 * @throws InvalidInputError on an empty title or a non-http(s) link.
 */
export function editPaper(doc: Y.Doc, id: PaperId, input: PaperInput): void {
  const papers = papersOf(doc)
  if (!papers.has(paperKey('addedAt', id))) return
  if (input.title !== undefined && !cleanLine(input.title, FIELD_LIMITS.title)) throw new InvalidInputError('A paper needs a title.')
  const fields = cleanPaperInput(input)
  const shownTags = new Set(paperTags(doc, id))
  doc.transact(() => {
    for (const field of EDITABLE_FIELDS) {
      if (!(field in input)) continue
      if (field === 'tags') {
        const wanted = fields.tags ?? []
        writeTags(papers, id, { add: wanted, remove: [...shownTags].filter((tag) => !wanted.includes(tag)), shown: shownTags })
      } else {
        papers.set(paperKey(field, id), fields[field] ?? emptyOf(field))
      }
      papers.set(paperKey(EDITED_PREFIX + field, id), true)
    }
    if (fields.title) papers.set(paperKey('pending', id), false)
  }, LOCAL_ORIGIN)
}

/**
 * Fills in details from a metadata lookup. Skips fields a member edited by hand, and
 * clears `pending`. Tags are only added, never one a member removed. No-op for a paper this
 * replica lacks.
 */
export function fillPaperDetails(doc: Y.Doc, id: PaperId, details: PaperInput): void {
  const papers = papersOf(doc)
  if (!papers.has(paperKey('addedAt', id))) return
  const fields = cleanPaperInput(details)
  doc.transact(() => {
    for (const field of EDITABLE_FIELDS) {
      const value = fields[field]
      if (isEmpty(value) || papers.get(paperKey(EDITED_PREFIX + field, id)) === true) continue
      if (field === 'tags') {
        writeTags(papers, id, { add: value as string[] })
        continue
      }
      if (JSON.stringify(papers.get(paperKey(field, id))) !== JSON.stringify(value)) papers.set(paperKey(field, id), value)
    }
    if (papers.get(paperKey('pending', id)) === true) papers.set(paperKey('pending', id), false)
  }, LOCAL_ORIGIN)
}

/**
 * Sets a paper's place in the queue. Marking it discussed records the date and presenter.
 * No-op for a paper this replica lacks.
 */
export function setStatus(
  doc: Y.Doc,
  id: PaperId,
  status: PaperStatus,
  details: { discussedOn?: string; presenter?: MemberId } = {},
): void {
  if (!PAPER_STATUSES.includes(status)) throw new InvalidInputError(`Unknown status "${status}".`)
  if (details.discussedOn !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(details.discussedOn)) {
    throw new InvalidInputError('A discussion date is YYYY-MM-DD.')
  }
  const papers = papersOf(doc)
  if (!papers.has(paperKey('addedAt', id))) return
  doc.transact(() => {
    papers.set(paperKey('status', id), status)
    if (status === 'discussed') {
      papers.set(paperKey('discussedOn', id), details.discussedOn ?? new Date().toISOString().slice(0, 10))
      if (details.presenter !== undefined) papers.set(paperKey('presenter', id), details.presenter)
    }
  }, LOCAL_ORIGIN)
}

/** Soft-deletes a paper: it leaves the list and its votes stop counting, until restored. */
export function deletePaper(doc: Y.Doc, id: PaperId, at: number = Date.now()): void {
  const papers = papersOf(doc)
  if (!papers.has(paperKey('addedAt', id))) return
  doc.transact(() => papers.set(paperKey('deletedAt', id), at), LOCAL_ORIGIN)
}

/** Undoes a soft delete. Votes, notes and comments come back with the paper. */
export function restorePaper(doc: Y.Doc, id: PaperId): void {
  const papers = papersOf(doc)
  if (!papers.has(paperKey('addedAt', id))) return
  doc.transact(() => papers.set(paperKey('deletedAt', id), 0), LOCAL_ORIGIN)
}

/**
 * Sets one member's vote on a paper. A vote is a key per (member, paper), never a counter:
 * concurrent votes by two members both count; a member's two devices converge on one vote.
 */
export function setVote(doc: Y.Doc, vote: { paperId: PaperId; memberId: MemberId; on: boolean; at?: number }): void {
  const { paperId, memberId, on, at = Date.now() } = vote
  if (!memberId) throw new InvalidInputError('Voting needs a member id.')
  const votes = votesOf(doc)
  const key = memberPaperKey(memberId, paperId)
  if (votes.has(key) === on) return
  doc.transact(() => (on ? votes.set(key, at) : votes.delete(key)), LOCAL_ORIGIN)
}

/** Toggles this member's vote on a paper; returns whether the member now votes for it. */
export function toggleVote(doc: Y.Doc, vote: { paperId: PaperId; memberId: MemberId; at?: number }): boolean {
  const on = !votesOf(doc).has(memberPaperKey(vote.memberId, vote.paperId))
  setVote(doc, { ...vote, on })
  return on
}

/** Sets a member's reading state for a paper; `unread` removes the record. */
export function setReading(doc: Y.Doc, reading: { paperId: PaperId; memberId: MemberId; state: ReadingState }): void {
  const { paperId, memberId, state } = reading
  if (!READING_STATES.includes(state)) throw new InvalidInputError(`Unknown reading state "${state}".`)
  const states = readingOf(doc)
  const key = memberPaperKey(memberId, paperId)
  if ((states.get(key) ?? 'unread') === state) return
  doc.transact(() => (state === 'unread' ? states.delete(key) : states.set(key, state)), LOCAL_ORIGIN)
}

/**
 * Records this member's name and colour in the list. Only the member writes their own
 * record, so replacing it whole is safe; `joinedAt` is kept from the first write.
 */
export function upsertMember(doc: Y.Doc, member: { id: MemberId; name: string; colour: string; at?: number }): void {
  const name = cleanLine(member.name, FIELD_LIMITS.memberName)
  if (!member.id || !name) throw new InvalidInputError('A member needs an id and a name.')
  if (member.id.length > FIELD_LIMITS.code || member.colour.length > FIELD_LIMITS.colour) throw new InvalidInputError('A member id or colour is too long.')
  const members = membersOf(doc)
  const existing = members.get(member.id) as { name?: string; colour?: string; joinedAt?: number } | undefined
  if (existing?.name === name && existing.colour === member.colour) return
  doc.transact(() => {
    members.set(member.id, { ...existing, name, colour: member.colour, joinedAt: existing?.joinedAt ?? member.at ?? Date.now() })
  }, LOCAL_ORIGIN)
}

/** Adds a comment to a paper and returns its id. Comments are never merged, only appended. */
export function addComment(doc: Y.Doc, comment: { paperId: PaperId; by: MemberId; text: string; at?: number }): string {
  const { paperId, by, text, at = Date.now() } = comment
  const body = cleanText(text, FIELD_LIMITS.comment)
  if (!body) throw new InvalidInputError('A comment needs some text.')
  const id = randomId(9)
  doc.transact(() => commentsOf(doc).set(id, { paperId, by, text: body, at, deletedAt: 0 }), LOCAL_ORIGIN)
  return id
}

/** Soft-deletes a comment. Only its author's UI offers this; no-op if it is gone. */
export function deleteComment(doc: Y.Doc, commentId: string, at: number = Date.now()): void {
  const comments = commentsOf(doc)
  const existing = comments.get(commentId) as Record<string, unknown> | undefined
  if (!existing) return
  doc.transact(() => comments.set(commentId, { ...existing, deletedAt: at }), LOCAL_ORIGIN)
}

/**
 * Replaces a paper's note text by the smallest edit (common prefix and suffix kept). The text
 * is cut to `FIELD_LIMITS.note`, so a note longer than that (a peer's) shrinks on the next edit.
 */
export function setNoteText(doc: Y.Doc, paperId: PaperId, text: string): void {
  const next = clampText(text, FIELD_LIMITS.note)
  const note = noteOf(doc, paperId)
  const current = note.toString()
  if (current === next) return
  let start = 0
  while (start < current.length && start < next.length && current[start] === next[start]) start++
  let end = 0
  while (
    end < current.length - start && end < next.length - start &&
    current[current.length - 1 - end] === next[next.length - 1 - end]
  ) end++
  doc.transact(() => {
    note.delete(start, current.length - start - end)
    note.insert(start, next.slice(start, next.length - end))
  }, LOCAL_ORIGIN)
}

/**
 * Adds and removes tags of a paper, one key per tag (`tag.<tag>|<paperId>`), so two devices
 * tagging the same paper offline keep both sets of edits; the same tag added on one device
 * and removed on another ends as the later writer left it. Marks the tags as edited by hand,
 * so a lookup never brings back a removed one. Tags are normalised (`normalizeTag`); a paper
 * keeps at most `FIELD_LIMITS.tags` (adds past that are left out). No-op for a paper this
 * replica lacks. Returns the tags the paper shows afterwards.
 */
export function setTags(doc: Y.Doc, change: { paperId: PaperId; add?: readonly string[]; remove?: readonly string[] }): string[] {
  const papers = papersOf(doc)
  const id = change.paperId
  if (!papers.has(paperKey('addedAt', id))) return []
  const add = cleanTags(change.add ?? [])
  const remove = cleanTags(change.remove ?? []).filter((tag) => !add.includes(tag))
  const shown = new Set(paperTags(doc, id))
  doc.transact(() => {
    if (writeTags(papers, id, { add, remove, shown })) papers.set(paperKey(EDITED_PREFIX + 'tags', id), true)
  }, LOCAL_ORIGIN)
  return [...shown].sort()
}

/** Tags as an op keeps them: normalised, without repeats, at most `FIELD_LIMITS.tags`. Reads at most twice that many. */
function cleanTags(tags: readonly string[]): string[] {
  return [...new Set(tags.slice(0, FIELD_LIMITS.tags * 2).map(normalizeTag).filter(Boolean))].slice(0, FIELD_LIMITS.tags)
}

/**
 * The tags a paper shows now (what `readPaper(…).tags` holds), without building the whole
 * paper: from the read cache outside a transaction, inside one by one pass over the map.
 */
export function paperTags(doc: Y.Doc, id: PaperId): string[] {
  const fields = paperFieldsIndex(doc)?.get(id) ?? fieldsOfPaper(papersOf(doc), id)
  return readTags(fields.tags, fields)
}

/**
 * Writes tag keys inside a transaction. With `shown` (the tags the paper shows, kept current
 * here): `remove` sets false for each shown tag, `add` sets true for each tag not shown, up to
 * `FIELD_LIMITS.tags` shown. Without it (an add or a lookup, which may run for thousands of
 * papers in one transaction and so never list a paper's keys): `add` only tags that have no
 * key yet and are not in the old array, so a removed tag stays removed; the reader keeps the
 * cap. Returns whether anything was written.
 */
function writeTags(papers: Y.Map<unknown>, id: PaperId, change: { add: readonly string[]; remove?: readonly string[]; shown?: Set<string> }): boolean {
  const { shown } = change
  let wrote = false
  const write = (tag: string, on: boolean) => {
    papers.set(tagKey(tag, id), on)
    wrote = true
  }
  if (shown) {
    for (const tag of change.remove ?? []) {
      if (!shown.delete(tag)) continue
      write(tag, false)
    }
    for (const tag of change.add) {
      if (shown.has(tag) || shown.size >= FIELD_LIMITS.tags) continue
      shown.add(tag)
      write(tag, true)
    }
    return wrote
  }
  const legacy = readTags(papers.get(paperKey('tags', id)))
  for (const tag of change.add) if (!papers.has(tagKey(tag, id)) && !legacy.includes(tag)) write(tag, true)
  return wrote
}

function cleanPaperInput(input: PaperInput): Partial<Pick<Paper, EditableField>> {
  const out: Partial<Pick<Paper, EditableField>> = {}
  if (input.title !== undefined) out.title = cleanLine(input.title, FIELD_LIMITS.title)
  if (input.authors !== undefined) out.authors = input.authors.slice(0, FIELD_LIMITS.authors * 2).map((name) => cleanLine(name, FIELD_LIMITS.authorName)).filter(Boolean).slice(0, FIELD_LIMITS.authors)
  if (input.authorCount !== undefined && Number.isFinite(input.authorCount)) out.authorCount = Math.max(0, Math.floor(input.authorCount))
  if (input.abstract !== undefined) out.abstract = cleanText(input.abstract, FIELD_LIMITS.abstract)
  if (input.venue !== undefined) out.venue = cleanLine(input.venue, FIELD_LIMITS.venue)
  if (input.tags !== undefined) out.tags = cleanTags(input.tags)
  if (input.upvotes !== undefined && Number.isFinite(input.upvotes)) out.upvotes = Math.max(0, Math.floor(input.upvotes))
  if (input.published !== undefined) out.published = /^\d{4}(-\d{2}(-\d{2})?)?$/.test(input.published.trim()) ? input.published.trim() : ''
  const fromUrl = input.url ? identityFromUrl(input.url) : {}
  const arxivId = boundedId(normalizeArxivId(input.arxivId ?? '') ?? fromUrl.arxivId)
  const doi = boundedId(normalizeDoi(input.doi ?? '') ?? fromUrl.doi)
  if (input.arxivId !== undefined || arxivId) out.arxivId = arxivId ?? ''
  if (input.doi !== undefined || doi) out.doi = doi ?? ''
  for (const field of ['url', 'pdfUrl', 'codeUrl'] as const) {
    const raw = input[field]
    if (raw === undefined) continue
    const trimmed = raw.trim()
    if (trimmed && !isSafeLink(trimmed)) throw new InvalidInputError(`The ${field} must be an http(s) link.`)
    if (trimmed.length > FIELD_LIMITS.url) throw new InvalidInputError(`The ${field} is longer than ${FIELD_LIMITS.url} characters.`)
    out[field] = trimmed
  }
  if (arxivId) {
    out.url ||= arxivAbsUrl(arxivId)
    out.pdfUrl ||= arxivPdfUrl(arxivId)
  } else if (doi) {
    out.url ||= doiUrl(doi)
  }
  return out
}

/** An id longer than `FIELD_LIMITS.identifier` is no real arXiv id or DOI: treated as none. */
const boundedId = (id: string | null | undefined): string | undefined => (id && id.length <= FIELD_LIMITS.identifier ? id : undefined)
const cleanLine = (text: string, max: number): string => clampText(text.replace(/\s+/g, ' ').trim(), max)
const cleanText = (text: string, max: number): string => clampText(text.replace(/\r\n?/g, '\n').trim(), max)
const isEmpty = (value: unknown): boolean =>
  value === undefined || value === null || value === '' || value === 0 || (Array.isArray(value) && value.length === 0)
const emptyOf = (field: EditableField): unknown =>
  field === 'authors' || field === 'tags' ? [] : field === 'authorCount' || field === 'upvotes' ? 0 : ''
