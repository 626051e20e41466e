/**
 * The archive: papers the group discussed, with when, who presented, the note and how much
 * was said about them.
 */
import type * as Y from 'yjs'
import { listComments, listDiscussed, noteText } from '../queries.js'
import type { MemberId, Paper } from '../schema.js'
import { meetingOfPaper } from './meetings.js'
import type { MeetingId } from './schema.js'

/** One discussed paper in the archive. */
export interface ArchiveEntry {
  paper: Paper
  /** YYYY-MM-DD, '' if not recorded. */
  discussedOn: string
  /** Member id, '' if not recorded. */
  presenter: MemberId
  note: string
  commentCount: number
  /** The meeting that chose it, or null if it was marked discussed by hand. */
  meetingId: MeetingId | null
}

/**
 * Discussed (live) papers, newest discussion first, then by id, so every replica lists them
 * in the same order.
 */
export function listArchive(doc: Y.Doc): ArchiveEntry[] {
  return listDiscussed(doc).map((paper) => ({
    paper,
    discussedOn: paper.discussedOn,
    presenter: paper.presenter,
    note: noteText(doc, paper.id),
    commentCount: listComments(doc, paper.id).length,
    meetingId: meetingOfPaper(doc, paper.id),
  }))
}
