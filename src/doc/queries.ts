/**
 * Readers of a list document: pure functions of the document, so every replica holding the
 * same updates computes the same papers, counts and "next up".
 */
import type * as Y from 'yjs'
import { compareIds } from './ids.js'
import type { PaperId } from './ids.js'
import {
  commentsOf, memberPaperKey, membersOf, metaOf, noteOf, paperKey, papersOf, readingOf, splitKey, toComment, toMember, toPaper, votesOf,
  SCHEMA_VERSION, isDeleted, isDiscussed, isQueued, readPaperField,
} from './schema.js'
import type { Comment, ListMeta, Member, MemberId, Paper, ReadingState } from './schema.js'
import { countedVotes } from './club/budget.js'
import { fieldsOfPaper, groupPaperFields, paperFieldsIndex } from './paperIndex.js'
import type { PaperFields } from './paperIndex.js'
import { FIELD_LIMITS, clampText } from './limits.js'

/** The list's name and description, each cut to its `FIELD_LIMITS` length (a peer may have written more). */
export function readMeta(doc: Y.Doc): ListMeta {
  const meta = metaOf(doc)
  const name = meta.get('name')
  const description = meta.get('description')
  const createdAt = meta.get('createdAt')
  const version = meta.get('schemaVersion')
  return {
    name: typeof name === 'string' ? clampText(name, FIELD_LIMITS.listName) : '',
    description: typeof description === 'string' ? clampText(description, FIELD_LIMITS.listDescription) : '',
    createdAt: typeof createdAt === 'number' ? createdAt : 0,
    schemaVersion: typeof version === 'number' ? version : SCHEMA_VERSION,
  }
}

/** True when this replica holds the paper (deleted or not). */
export const hasPaper = (doc: Y.Doc, id: PaperId): boolean => papersOf(doc).has(paperKey('addedAt', id))

/** One paper, or null if this replica lacks it. */
export function readPaper(doc: Y.Doc, id: PaperId): Paper | null {
  const index = paperFieldsIndex(doc)
  if (index) {
    const record = index.get(id)
    return record && Object.hasOwn(record, 'addedAt') ? paperOfRecord(id, record) : null
  }
  if (!hasPaper(doc, id)) return null
  return paperOfRecord(id, fieldsOfPaper(papersOf(doc), id))
}

/** A paper from its grouped stored fields. */
const paperOfRecord = (id: PaperId, record: Readonly<PaperFields>): Paper =>
  toPaper(id, (field) => (Object.hasOwn(record, field) ? record[field] : undefined), record)

/** Ids of every paper this replica holds, including soft-deleted ones, in id order. */
export function paperIds(doc: Y.Doc): PaperId[] {
  const ids: PaperId[] = []
  const index = paperFieldsIndex(doc)
  if (index) {
    for (const [id, record] of index) if (Object.hasOwn(record, 'addedAt')) ids.push(id)
    return ids.sort(compareIds)
  }
  for (const key of papersOf(doc).keys()) {
    const [field, id] = splitKey(key)
    if (field === 'addedAt') ids.push(id)
  }
  return ids.sort(compareIds)
}

/** Every paper, soft-deleted ones included, in id order. */
export function listAllPapers(doc: Y.Doc): Paper[] {
  // inside a transaction the index steps aside: group the map once, not once per paper
  const records = paperFieldsIndex(doc) ?? groupPaperFields(papersOf(doc))
  return paperIds(doc).map((id) => paperOfRecord(id, records.get(id)!))
}

/** Who added a paper and when, and whether it is deleted: what the activity feed reads of every paper. */
export type PaperStamp = Pick<Paper, 'id' | 'addedAt' | 'addedBy' | 'deletedAt'>

/**
 * The stamp of every paper this replica holds, soft-deleted ones included, in no particular
 * order: three fields read as `toPaper` reads them, without building whole papers or sorting
 * ids (a pass over a long list stays cheap).
 */
export function paperStamps(doc: Y.Doc): PaperStamp[] {
  const records = paperFieldsIndex(doc) ?? groupPaperFields(papersOf(doc))
  const stamps: PaperStamp[] = []
  for (const [id, record] of records) {
    if (!Object.hasOwn(record, 'addedAt')) continue
    const field = (name: string): unknown => (Object.hasOwn(record, name) ? record[name] : undefined)
    stamps.push({
      id,
      addedAt: readPaperField('addedAt', field('addedAt')),
      addedBy: readPaperField('addedBy', field('addedBy')),
      deletedAt: readPaperField('deletedAt', field('deletedAt')),
    })
  }
  return stamps
}

/** Live comments of every paper, each paper's oldest first (as {@link listComments} orders one paper's). */
export function commentsByPaper(doc: Y.Doc): Map<PaperId, Comment[]> {
  const byPaper = new Map<PaperId, Comment[]>()
  for (const [id, raw] of commentsOf(doc).entries()) {
    const comment = toComment(id, raw)
    if (!comment || comment.deletedAt) continue
    const list = byPaper.get(comment.paperId)
    if (list) list.push(comment)
    else byPaper.set(comment.paperId, [comment])
  }
  for (const list of byPaper.values()) list.sort(compareComments)
  return byPaper
}

/** Papers not soft-deleted, in id order. */
export const listPapers = (doc: Y.Doc): Paper[] => listAllPapers(doc).filter((paper) => !paper.deletedAt)

/** The order of the trash: newest deletion first, then id. */
export const compareDeleted = (a: Pick<Paper, 'id' | 'deletedAt'>, b: Pick<Paper, 'id' | 'deletedAt'>): number =>
  b.deletedAt - a.deletedAt || compareIds(a.id, b.id)

/** Papers soft-deleted, newest deletion first; the "trash" a member can restore from. */
export const listDeletedPapers = (doc: Y.Doc): Paper[] => listAllPapers(doc).filter(isDeleted).sort(compareDeleted)

/** Votes per paper id, counting only members' live votes. */
export function voteCounts(doc: Y.Doc): Map<PaperId, number> {
  const counts = new Map<PaperId, number>()
  for (const key of votesOf(doc).keys()) {
    const [, paperId] = splitKey(key)
    counts.set(paperId, (counts.get(paperId) ?? 0) + 1)
  }
  return counts
}

/** Members who vote for a paper, in member id order. */
export function votersOf(doc: Y.Doc, paperId: PaperId): MemberId[] {
  const voters: MemberId[] = []
  for (const key of votesOf(doc).keys()) {
    const [memberId, id] = splitKey(key)
    if (id === paperId) voters.push(memberId)
  }
  return voters.sort()
}

/** Whether a member votes for a paper. */
export const hasVoted = (doc: Y.Doc, vote: { paperId: PaperId; memberId: MemberId }): boolean =>
  votesOf(doc).has(memberPaperKey(vote.memberId, vote.paperId))

/** A paper in ranked order, with what ranked it. */
export interface RankedPaper {
  paper: Paper
  votes: number
}

/** What ranks a queued paper. */
export interface RankKey {
  id: PaperId
  /** Counted votes. */
  votes: number
  addedAt: number
}

/**
 * The ranking rule, the same on every device: most votes, then oldest added, then id in
 * code-unit order. Views that keep their own counts rank with this too.
 */
export function compareRank(a: RankKey, b: RankKey): number {
  return b.votes - a.votes || a.addedAt - b.addedAt || compareIds(a.id, b.id)
}

/** The archive's order: most recent discussion first, then id. */
export const compareDiscussed = (a: Pick<Paper, 'id' | 'discussedOn'>, b: Pick<Paper, 'id' | 'discussedOn'>): number =>
  compareIds(b.discussedOn, a.discussedOn) || compareIds(a.id, b.id)

/** Ranks papers by the given counted votes (see {@link compareRank}); the caller picks which papers take part. */
export function rankPapers(papers: readonly Paper[], counts: ReadonlyMap<PaperId, number>): RankedPaper[] {
  return papers
    .map((paper) => ({ paper, key: { id: paper.id, votes: counts.get(paper.id) ?? 0, addedAt: paper.addedAt } }))
    .sort((a, b) => compareRank(a.key, b.key))
    .map(({ paper, key }) => ({ paper, votes: key.votes }))
}

/**
 * The queue, ranked: queued, live papers by counted votes (a vote budget may leave a member's
 * latest votes uncounted, see `club/budget.ts`), then oldest added, then id.
 */
export const rankQueue = (doc: Y.Doc): RankedPaper[] => rankPapers(listPapers(doc).filter(isQueued), countedVotes(doc))

/** The paper the group discusses next: the top of the ranked queue, or null if it is empty. */
export const nextUp = (doc: Y.Doc): RankedPaper | null => rankQueue(doc)[0] ?? null

/** Discussed papers, most recent discussion first: the list's archive. */
export const listDiscussed = (doc: Y.Doc): Paper[] => listPapers(doc).filter(isDiscussed).sort(compareDiscussed)

/** Every member who has joined the list, by name then id. */
export function listMembers(doc: Y.Doc): Member[] {
  return [...membersOf(doc).entries()]
    .map(([id, raw]) => toMember(id, raw))
    .sort((a, b) => compareIds(a.name.toLowerCase(), b.name.toLowerCase()) || compareIds(a.id, b.id))
}

/** One member's reading state for a paper. */
export const readingState = (doc: Y.Doc, reader: { paperId: PaperId; memberId: MemberId }): ReadingState =>
  readingOf(doc).get(memberPaperKey(reader.memberId, reader.paperId)) ?? 'unread'

/** Who is reading or has read a paper. */
export function readersOf(doc: Y.Doc, paperId: PaperId): { memberId: MemberId; state: Exclude<ReadingState, 'unread'> }[] {
  const readers: { memberId: MemberId; state: Exclude<ReadingState, 'unread'> }[] = []
  for (const [key, state] of readingOf(doc).entries()) {
    const [memberId, id] = splitKey(key)
    if (id === paperId && (state === 'reading' || state === 'read')) readers.push({ memberId, state })
  }
  return readers.sort((a, b) => compareIds(a.memberId, b.memberId))
}

/** Live comments on a paper, oldest first. */
export function listComments(doc: Y.Doc, paperId: PaperId): Comment[] {
  const comments: Comment[] = []
  for (const [id, raw] of commentsOf(doc).entries()) {
    const comment = toComment(id, raw)
    if (comment && comment.paperId === paperId && !comment.deletedAt) comments.push(comment)
  }
  return comments.sort(compareComments)
}

const compareComments = (a: Comment, b: Comment): number => a.at - b.at || compareIds(a.id, b.id)

/** The shared note of a paper, as plain text. */
export const noteText = (doc: Y.Doc, paperId: PaperId): string => noteOf(doc, paperId).toString()
