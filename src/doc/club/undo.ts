/**
 * Undo for the meeting actions a tap does at once: closing voting, skipping a meeting and
 * marking it held. Each action returns what it wrote (its "receipt"); the undo removes exactly
 * those records of this device and restores the values they replaced, never a peer's.
 *
 * Offline rules hold: the undo is ordinary edits to the same keys, so it syncs like any other.
 * If a peer has meanwhile acted on the meeting (closed it too, marked it held, skipped or
 * restored it), the undo keeps what the peer's action stands on and says who did what:
 * - close: removed unless a peer marked the meeting held on it; the meeting stays closed when
 *   another close record or a hand-set paper decides it;
 * - skip: undone only while the skip is still this device's (same time and member);
 * - held: undone only while the held mark is still this device's; then the paper goes back to
 *   the queue with its fields as they were, unless a peer changed them since.
 */
import type * as Y from 'yjs'
import type { PaperId } from '../ids.js'
import { LOCAL_ORIGIN } from '../ops.js'
import { paperKey, papersOf } from '../schema.js'
import type { MemberId } from '../schema.js'
import { lockedChoice, writeClose, writeHeld } from './meetings.js'
import type { HeldWrite, LockedChoice } from './meetings.js'
import { cancelMeeting, meetingExists } from './schedule.js'
import { closesOf, meetingKey, meetingsOf } from './schema.js'
import type { MeetingId } from './schema.js'

/** What one undoable meeting action wrote. */
export type MeetingReceipt =
  | { action: 'close'; meetingId: MeetingId; paper: PaperId; closeKey: string; pinned: boolean }
  | { action: 'skip'; meetingId: MeetingId; at: number; by: MemberId; before: { cancelledAt: unknown; cancelledBy: unknown } }
  | ({ action: 'held' } & HeldWrite)

/** What a peer did that an undo left standing. */
export interface PeerAction {
  by: MemberId
  did: 'closed' | 'held' | 'skipped' | 'restored' | 'changed the paper'
}

/** The receipt of a close. */
export type CloseReceipt = Extract<MeetingReceipt, { action: 'close' }>

/** How an undo went: whether this device's records were taken back, and what a peer did that still stands. */
export interface UndoOutcome {
  undone: boolean
  peer: PeerAction | null
}

/**
 * Closes voting (see `closeMeeting`) and returns a receipt, or null when nothing was written
 * (already locked, held, cancelled, missing, or an empty queue).
 */
export function closeVoting(doc: Y.Doc, meetingId: MeetingId, now: number, by: MemberId): CloseReceipt | null {
  const write = writeClose(doc, meetingId, now, by)
  return write.closeKey && write.paper ? { action: 'close', meetingId, paper: write.paper, closeKey: write.closeKey, pinned: write.pinned } : null
}

/** Skips (cancels) a meeting (see `cancelMeeting`) and returns a receipt, or null when nothing was written. */
export function skipMeeting(doc: Y.Doc, meetingId: MeetingId, by: MemberId, at: number = Date.now()): MeetingReceipt | null {
  const meetings = meetingsOf(doc)
  if (!meetingExists(doc, meetingId) || meetings.get(meetingKey('heldAt', meetingId)) || meetings.get(meetingKey('cancelledAt', meetingId))) return null
  const before = { cancelledAt: meetings.get(meetingKey('cancelledAt', meetingId)), cancelledBy: meetings.get(meetingKey('cancelledBy', meetingId)) }
  cancelMeeting(doc, meetingId, by, at)
  return { action: 'skip', meetingId, at, by, before }
}

/** Marks a meeting held (see `markHeld`) and returns a receipt, or null when nothing was written. */
export function holdMeeting(doc: Y.Doc, meetingId: MeetingId, now: number, by: MemberId): MeetingReceipt | null {
  const write = writeHeld(doc, meetingId, now, by)
  return write ? { action: 'held', ...write } : null
}

/** Takes back what one action of this device wrote (see the module rules). */
export function undoMeetingAction(doc: Y.Doc, receipt: MeetingReceipt): UndoOutcome {
  if (receipt.action === 'close') return undoClose(doc, receipt)
  if (receipt.action === 'skip') return undoSkip(doc, receipt)
  return undoHeld(doc, receipt)
}

const str = (value: unknown): string => (typeof value === 'string' ? value : '')

/** Sets a key back to what it held before (absent = delete). Must run in a transaction. */
function restoreValue(map: Y.Map<unknown>, key: string, before: unknown): void {
  if (before === undefined) map.delete(key)
  else map.set(key, before)
}

/** Removes this device's pin when nothing else now needs it (no lock, not held, not added by hand). Must run in a transaction. */
function unpinIfOwn(doc: Y.Doc, meetingId: MeetingId, pinned: boolean): void {
  if (!pinned) return
  const meetings = meetingsOf(doc)
  if (lockedChoice(doc, meetingId) || meetings.get(meetingKey('heldAt', meetingId)) || meetings.has(meetingKey('addedAt', meetingId))) return
  meetings.delete(meetingKey('pinned', meetingId))
  meetings.delete(meetingKey('time', meetingId))
}

/** The peer action a lock this undo left standing stands for. */
const peerOfLock = (lock: LockedChoice): PeerAction => ({ by: lock.by, did: lock.source === 'manual' ? 'changed the paper' : 'closed' })

function undoClose(doc: Y.Doc, receipt: CloseReceipt): UndoOutcome {
  const meetings = meetingsOf(doc)
  const heldAt = meetings.get(meetingKey('heldAt', receipt.meetingId))
  if (heldAt) return { undone: false, peer: { by: str(meetings.get(meetingKey('heldBy', receipt.meetingId))), did: 'held' } }
  const closes = closesOf(doc)
  const mine = closes.has(receipt.closeKey)
  if (mine) {
    doc.transact(() => {
      closes.delete(receipt.closeKey)
      unpinIfOwn(doc, receipt.meetingId, receipt.pinned)
    }, LOCAL_ORIGIN)
  }
  const lock = lockedChoice(doc, receipt.meetingId)
  return { undone: mine, peer: lock ? peerOfLock(lock) : null }
}

function undoSkip(doc: Y.Doc, receipt: Extract<MeetingReceipt, { action: 'skip' }>): UndoOutcome {
  const meetings = meetingsOf(doc)
  const at = meetings.get(meetingKey('cancelledAt', receipt.meetingId))
  const by = str(meetings.get(meetingKey('cancelledBy', receipt.meetingId)))
  if (at !== receipt.at || by !== receipt.by) return { undone: false, peer: { by, did: at ? 'skipped' : 'restored' } }
  doc.transact(() => {
    restoreValue(meetings, meetingKey('cancelledAt', receipt.meetingId), receipt.before.cancelledAt)
    restoreValue(meetings, meetingKey('cancelledBy', receipt.meetingId), receipt.before.cancelledBy)
  }, LOCAL_ORIGIN)
  return { undone: true, peer: null }
}

function undoHeld(doc: Y.Doc, receipt: Extract<MeetingReceipt, { action: 'held' }>): UndoOutcome {
  const meetings = meetingsOf(doc)
  const id = receipt.meetingId
  const heldAt = meetings.get(meetingKey('heldAt', id))
  const heldBy = str(meetings.get(meetingKey('heldBy', id)))
  if (heldAt !== receipt.at || heldBy !== receipt.by) return { undone: false, peer: { by: heldBy, did: heldAt ? 'held' : 'restored' } }
  const papers = papersOf(doc)
  doc.transact(() => {
    meetings.delete(meetingKey('heldAt', id))
    meetings.delete(meetingKey('heldBy', id))
    if (receipt.presenterSet && meetings.get(meetingKey('presenter', id)) === receipt.presenterSet) meetings.delete(meetingKey('presenter', id))
    if (receipt.closeKey) closesOf(doc).delete(receipt.closeKey)
    const paper = receipt.paper
    // the paper goes back only while it still shows what this hold wrote
    if (paper && papers.get(paperKey('status', paper.id)) === 'discussed' && papers.get(paperKey('discussedOn', paper.id)) === receipt.date) {
      restoreValue(papers, paperKey('status', paper.id), paper.status)
      restoreValue(papers, paperKey('discussedOn', paper.id), paper.discussedOn)
      restoreValue(papers, paperKey('presenter', paper.id), paper.presenter)
    }
    unpinIfOwn(doc, id, receipt.pinned)
  }, LOCAL_ORIGIN)
  const lock = receipt.closeKey ? null : lockedChoice(doc, id)
  return { undone: true, peer: lock && lock.by !== receipt.by ? peerOfLock(lock) : null }
}
