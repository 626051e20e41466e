/**
 * The shape of one reading list's Y.Doc: root names, record types and tolerant readers.
 *
 * Layout (every root is a top-level type, so concurrent creation can never lose data):
 * - `meta`     Y.Map: name, description, createdAt, schemaVersion.
 * - `papers`   Y.Map, flat: key `<field>|<paperId>` -> value. One key per field, so two
 *              devices adding or editing the same paper offline merge field by field
 *              (a nested Y.Map per paper would let one device's map replace the other's).
 * - `votes`    Y.Map: key `<memberId>|<paperId>` -> time voted (ms). Absent = no vote.
 *              One key per (member, paper): a member votes at most once, two members'
 *              concurrent votes both count, a vote is never a counter.
 * - `reading`  Y.Map: key `<memberId>|<paperId>` -> 'reading' | 'read'. Absent = unread.
 * - `members`  Y.Map: memberId -> { name, colour, joinedAt }, written only by that member.
 * - `comments` Y.Map: commentId -> { paperId, by, text, at, deletedAt? }, written only by its author.
 * - `note|<paperId>` one root Y.Text per paper: the shared note, merged character by character.
 *
 * Tags live in `papers` too, one key per paper and tag: `tag.<tag>|<paperId>` -> true (tagged)
 * or false (removed). Two devices adding or removing different tags offline therefore both
 * keep their edits. Lists written before this kept a paper's tags as one array under
 * `tags|<paperId>` (last writer wins); that array is still read, and a tag's own key, once
 * written, decides over it (see {@link readTags}).
 */
import * as Y from 'yjs'
import type { PaperId } from './ids.js'
import { compareIds } from './ids.js'
import { FIELD_LIMITS, clampText } from './limits.js'

/** Root type names. Renaming one is a data migration. */
export const ROOT = {
  meta: 'meta',
  papers: 'papers',
  votes: 'votes',
  reading: 'reading',
  members: 'members',
  comments: 'comments',
} as const

/** Bumped when the layout changes in a way older readers must know about. */
export const SCHEMA_VERSION = 1

/** Separates a record's owner (member or field) from the paper id in flat keys. */
export const KEY_SEPARATOR = '|'

/** A member id: made once per person/device and kept locally. */
export type MemberId = string

/** Where a paper stands in the queue. */
export type PaperStatus = 'queued' | 'discussed' | 'archived'
export const PAPER_STATUSES: readonly PaperStatus[] = ['queued', 'discussed', 'archived']

/** A member's reading state for one paper. `unread` is stored as absence. */
export type ReadingState = 'unread' | 'reading' | 'read'
export const READING_STATES: readonly ReadingState[] = ['unread', 'reading', 'read']

/** A paper as the UI and exporters see it. Optional fields are absent when never set. */
export interface Paper {
  id: PaperId
  title: string
  authors: string[]
  /** Known author count where only a count was given (a copied listing page). */
  authorCount: number
  abstract: string
  /** Landing page of the paper. */
  url: string
  pdfUrl: string
  codeUrl: string
  arxivId: string
  doi: string
  /** ISO `YYYY-MM-DD`, or `YYYY-MM`/`YYYY` when only that is known; '' if unknown. */
  published: string
  venue: string
  tags: string[]
  /** Upvotes on the source listing (Hugging Face), 0 if unknown. */
  upvotes: number
  addedBy: MemberId
  addedAt: number
  status: PaperStatus
  /** ISO date the group discussed it, '' if not discussed. */
  discussedOn: string
  /** Member who presented it, '' if unknown. */
  presenter: MemberId
  /** Soft delete: time deleted (ms), 0 if live. */
  deletedAt: number
  /** Added by id only; a lookup has not filled in the details yet. */
  pending: boolean
  /** Fields a member edited by hand; metadata lookups never overwrite them. */
  editedFields: string[]
}

/** The fields of a paper stored as `<field>|<id>` keys. */
export type PaperField = Exclude<keyof Paper, 'id' | 'editedFields'>

/** Fields a member may edit by hand (and a lookup may fill). */
export const EDITABLE_FIELDS = [
  'title', 'authors', 'authorCount', 'abstract', 'url', 'pdfUrl', 'codeUrl', 'arxivId', 'doi',
  'published', 'venue', 'tags', 'upvotes',
] as const satisfies readonly PaperField[]
export type EditableField = (typeof EDITABLE_FIELDS)[number]

/** The marker key prefix recording that a member edited a field by hand. */
export const EDITED_PREFIX = 'edited.'

/** A member of a list, as shown in presence, votes and rotations. */
export interface Member {
  id: MemberId
  name: string
  colour: string
  joinedAt: number
}

/** A comment on a paper. Comments are append-only except for their author's soft delete. */
export interface Comment {
  id: string
  paperId: PaperId
  by: MemberId
  text: string
  at: number
  deletedAt: number
}

/** The list's own name and description. */
export interface ListMeta {
  name: string
  description: string
  createdAt: number
  schemaVersion: number
}

export const metaOf = (doc: Y.Doc) => doc.getMap<unknown>(ROOT.meta)
export const papersOf = (doc: Y.Doc) => doc.getMap<unknown>(ROOT.papers)
export const votesOf = (doc: Y.Doc) => doc.getMap<number>(ROOT.votes)
export const readingOf = (doc: Y.Doc) => doc.getMap<ReadingState>(ROOT.reading)
export const membersOf = (doc: Y.Doc) => doc.getMap<unknown>(ROOT.members)
export const commentsOf = (doc: Y.Doc) => doc.getMap<unknown>(ROOT.comments)

/**
 * Flat key `<owner>|<id>`, the one key shape of every flat root (here and in the club's):
 * the owner is a field or a member, the id the record's. {@link splitKey} reverses it.
 */
export const flatKey = (owner: string, id: string): string => `${owner}${KEY_SEPARATOR}${id}`

/** Flat key of one field of one paper. */
export const paperKey = (field: string, paperId: PaperId): string => flatKey(field, paperId)

/** Flat key of one member's record about one paper (vote, reading state). */
export const memberPaperKey = (memberId: MemberId, paperId: PaperId): string => flatKey(memberId, paperId)

/** The shared note of one paper. A root type, so two devices starting a note offline merge. */
export const noteOf = (doc: Y.Doc, paperId: PaperId) => doc.getText(flatKey('note', paperId))

/** Splits a flat key into its owner (field or member) and the paper id. */
export function splitKey(key: string): [owner: string, paperId: PaperId] {
  const at = key.indexOf(KEY_SEPARATOR)
  return at < 0 ? [key, '' as PaperId] : [key.slice(0, at), key.slice(at + 1) as PaperId]
}

const str = (value: unknown): string => (typeof value === 'string' ? value : '')
const num = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0)
/** A string field cut to `max` characters (see `FIELD_LIMITS`). */
const text = (value: unknown, max: number): string => clampText(str(value), max)
/** A field that is wrong when cut (a link, an id, a date): absent when longer than `max`. */
const whole = (value: unknown, max: number): string => {
  const raw = str(value)
  return raw.length <= max ? raw : ''
}
/** The first `maxCount` strings of an array, each cut to `maxLength`; reads at most `maxCount` items. */
const strings = (value: unknown, maxCount: number, maxLength: number): string[] =>
  Array.isArray(value)
    ? value.slice(0, maxCount).filter((item): item is string => typeof item === 'string').map((item) => clampText(item, maxLength))
    : []
const statusOf = (value: unknown): PaperStatus => (PAPER_STATUSES.includes(value as PaperStatus) ? (value as PaperStatus) : 'queued')

/**
 * How each stored paper field is read, the one place that says it. Tolerant: a peer on an
 * older or newer build may have written fewer, more, or oddly typed fields; an unusable value
 * reads as the field's default. Bounded: every field is cut to `FIELD_LIMITS` (links and ids
 * longer than theirs read as absent), since a hostile peer may have written megabytes where a
 * title belongs.
 */
export const PAPER_FIELD_READERS = {
  title: (value: unknown) => text(value, FIELD_LIMITS.title),
  authors: (value: unknown) => strings(value, FIELD_LIMITS.authors, FIELD_LIMITS.authorName),
  authorCount: num,
  abstract: (value: unknown) => text(value, FIELD_LIMITS.abstract),
  url: (value: unknown) => whole(value, FIELD_LIMITS.url),
  pdfUrl: (value: unknown) => whole(value, FIELD_LIMITS.url),
  codeUrl: (value: unknown) => whole(value, FIELD_LIMITS.url),
  arxivId: (value: unknown) => whole(value, FIELD_LIMITS.identifier),
  doi: (value: unknown) => whole(value, FIELD_LIMITS.identifier),
  published: (value: unknown) => whole(value, FIELD_LIMITS.published),
  venue: (value: unknown) => text(value, FIELD_LIMITS.venue),
  tags: (value: unknown) => strings(value, FIELD_LIMITS.tags, FIELD_LIMITS.tag),
  upvotes: num,
  addedBy: (value: unknown) => text(value, FIELD_LIMITS.code),
  addedAt: num,
  status: statusOf,
  discussedOn: (value: unknown) => whole(value, FIELD_LIMITS.code),
  presenter: (value: unknown) => text(value, FIELD_LIMITS.code),
  deletedAt: num,
  pending: (value: unknown): boolean => value === true,
} as const satisfies { [F in PaperField]: (value: unknown) => Paper[F] }

/** One stored paper field, read as every view reads it. */
export const readPaperField = <F extends PaperField>(field: F, value: unknown): Paper[F] =>
  PAPER_FIELD_READERS[field](value) as Paper[F]

/** A paper's place in the queue as stored (read by {@link PAPER_FIELD_READERS}), or null when this replica lacks it. */
export function queueStateOf(papers: Y.Map<unknown>, paperId: PaperId): Pick<Paper, 'deletedAt' | 'status'> | null {
  if (!papers.has(paperKey('addedAt', paperId))) return null
  return {
    deletedAt: readPaperField('deletedAt', papers.get(paperKey('deletedAt', paperId))),
    status: readPaperField('status', papers.get(paperKey('status', paperId))),
  }
}

/**
 * Builds a Paper from its raw fields (see {@link PAPER_FIELD_READERS}). `fields`, the paper's
 * stored fields grouped by name, is where its tag keys are found; without it only tags in the
 * old one-array form are read.
 */
export function toPaper(id: PaperId, field: (name: string) => unknown, fields?: Readonly<Record<string, unknown>>): Paper {
  const read = <F extends PaperField>(name: F): Paper[F] => readPaperField(name, field(name))
  const editedFields = EDITABLE_FIELDS.filter((name) => field(EDITED_PREFIX + name) === true)
  const title = read('title')
  return {
    id,
    title: title || clampText(id.replace(/^\w+:/, ''), FIELD_LIMITS.title),
    authors: read('authors'),
    authorCount: read('authorCount'),
    abstract: read('abstract'),
    url: read('url'),
    pdfUrl: read('pdfUrl'),
    codeUrl: read('codeUrl'),
    arxivId: read('arxivId'),
    doi: read('doi'),
    published: read('published'),
    venue: read('venue'),
    tags: readTags(field('tags'), fields),
    upvotes: read('upvotes'),
    addedBy: read('addedBy'),
    addedAt: read('addedAt'),
    status: read('status'),
    discussedOn: read('discussedOn'),
    presenter: read('presenter'),
    deletedAt: read('deletedAt'),
    // Pending only while no title arrived: a peer's titled add of the same paper fills it.
    pending: read('pending') && !title,
    editedFields,
  }
}

/** True for a soft-deleted paper. */
export const isDeleted = (paper: Pick<Paper, 'deletedAt'>): boolean => paper.deletedAt !== 0

/** True for a paper still in the queue (votes on it are active): not deleted, not discussed, not archived. */
export const isQueued = (paper: Pick<Paper, 'deletedAt' | 'status'>): boolean => !paper.deletedAt && paper.status === 'queued'

/** True for a live paper the group has discussed (the archive). */
export const isDiscussed = (paper: Pick<Paper, 'deletedAt' | 'status'>): boolean => !paper.deletedAt && paper.status === 'discussed'

/** Builds a Member from its stored record; tolerant of missing fields, name and colour bounded. */
export function toMember(id: MemberId, raw: unknown): Member {
  const record = (raw ?? {}) as Record<string, unknown>
  return {
    id,
    name: text(record.name, FIELD_LIMITS.memberName) || 'Anonymous',
    colour: whole(record.colour, FIELD_LIMITS.colour) || '#888888',
    joinedAt: num(record.joinedAt),
  }
}

/** Builds a Comment from its stored record; null if it is not a usable comment. Text bounded. */
export function toComment(id: string, raw: unknown): Comment | null {
  const record = (raw ?? {}) as Record<string, unknown>
  const paperId = whole(record.paperId, FIELD_LIMITS.paperId)
  if (!paperId) return null
  return {
    id,
    paperId: paperId as PaperId,
    by: text(record.by, FIELD_LIMITS.code),
    text: text(record.text, FIELD_LIMITS.comment),
    at: num(record.at),
    deletedAt: num(record.deletedAt),
  }
}

/** Field-name prefix of a paper's tag keys: `tag.<tag>|<paperId>` -> true (tagged) or false (removed). */
export const TAG_PREFIX = 'tag.'

/** Flat key of one tag of one paper. */
export const tagKey = (tag: string, paperId: PaperId): string => paperKey(TAG_PREFIX + tag, paperId)

/**
 * A tag as stored and compared: white space collapsed, lower case, at most
 * `FIELD_LIMITS.tag` characters, and no `|` (it separates a flat key's field from the paper
 * id; one becomes `/`). '' when nothing is left.
 */
export function normalizeTag(raw: string): string {
  return clampText(raw.replace(/\|/g, '/').replace(/\s+/g, ' ').trim().toLowerCase(), FIELD_LIMITS.tag).trim()
}

/**
 * A paper's tags, sorted, at most `FIELD_LIMITS.tags`: the old one-array form (`legacy`) for
 * tags that have no key of their own, plus every tag whose key holds true. A key that holds
 * false removes the tag, also from the old array. A key naming a tag not in its stored form
 * (written by another build or a hostile peer) is ignored. Reads at most
 * `FIELD_LIMITS.paperFieldsRead` of the paper's fields, so a peer that wrote a million keys
 * onto one paper costs a bounded read.
 */
export function readTags(legacy: unknown, fields?: Readonly<Record<string, unknown>>): string[] {
  const decided = new Map<string, boolean>()
  if (fields) {
    let read = 0
    for (const name in fields) {
      if (++read > FIELD_LIMITS.paperFieldsRead) break
      if (!name.startsWith(TAG_PREFIX) || !Object.hasOwn(fields, name)) continue
      const tag = name.slice(TAG_PREFIX.length)
      if (tag && normalizeTag(tag) === tag) decided.set(tag, fields[name] === true)
    }
  }
  const tags = new Set<string>()
  for (const raw of PAPER_FIELD_READERS.tags(legacy)) {
    const tag = normalizeTag(raw)
    if (tag && !decided.has(tag)) tags.add(tag)
  }
  for (const [tag, on] of decided) if (on) tags.add(tag)
  return [...tags].sort(compareIds).slice(0, FIELD_LIMITS.tags)
}
