/**
 * Reading before the meeting: who has read a paper, for "4 of 7 have read it".
 */
import type * as Y from 'yjs'
import type { PaperId } from '../ids.js'
import { listMembers, readersOf } from '../queries.js'
import type { MemberId } from '../schema.js'

/** Who has read or is reading a paper, out of how many members. */
export interface ReadingSummary {
  /** Members who marked it read, in id order. */
  read: MemberId[]
  /** Members who marked it reading, in id order. */
  reading: MemberId[]
  /** Members of the list (plus any reader not yet in the member list, so read ≤ total). */
  total: number
}

/**
 * Summarises members' reading states of a paper. Each state is one key per (member, paper)
 * written only by that member, so this is the same on every replica holding the same updates.
 */
export function readingSummary(doc: Y.Doc, paperId: PaperId): ReadingSummary {
  const read: MemberId[] = []
  const reading: MemberId[] = []
  for (const reader of readersOf(doc, paperId)) (reader.state === 'read' ? read : reading).push(reader.memberId)
  const people = new Set(listMembers(doc).map((member) => member.id))
  for (const id of [...read, ...reading]) people.add(id)
  return { read, reading, total: people.size }
}

/** "4 of 7 have read it": the summary as one short line of English. */
export function readingLine(summary: ReadingSummary): string {
  const verb = summary.read.length === 1 ? 'has' : 'have'
  return `${summary.read.length} of ${summary.total} ${verb} read it`
}
