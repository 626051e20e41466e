/** Toasts for the meeting actions that can be undone, and what the undo says afterwards. */
import type * as Y from 'yjs'
import { undoMeetingAction } from '../../doc/club/undo.js'
import type { MeetingReceipt, UndoOutcome } from '../../doc/club/undo.js'
import { showToast } from '../toasts.js'

/** How long the Undo button stays (ms). */
export const UNDO_MS = 8_000

/** What an undo's outcome says, naming the peer whose action still stands. */
export function undoMessage(receipt: MeetingReceipt, outcome: UndoOutcome, nameOf: (memberId: string) => string): string {
  const peer = outcome.peer ? nameOf(outcome.peer.by) : ''
  const did = outcome.peer?.did
  if (receipt.action === 'close') {
    if (did === 'held') return `${peer} already marked the meeting held, so voting stays closed.`
    if (outcome.peer) return `Your close is undone, but ${peer} ${did === 'closed' ? 'also closed voting' : 'set the paper by hand'}, so it stays chosen.`
    return outcome.undone ? 'Voting is open again.' : 'Nothing to undo.'
  }
  if (receipt.action === 'skip') {
    if (outcome.peer) return `${peer} ${did === 'skipped' ? 'skipped' : 'restored'} this meeting since; left as it is.`
    return 'The meeting is back on.'
  }
  if (!outcome.undone) return `${peer} also marked the meeting held; it stays held.`
  if (outcome.peer) return `No longer marked held; ${peer} ${did === 'closed' ? 'closed voting' : 'set the paper'}, so the paper stays chosen.`
  return 'No longer marked held; the paper is back in the queue.'
}

/** Shows `text` with an Undo button that takes back `receipt` and then says how it went. */
export function showUndoToast(doc: Y.Doc, text: string, receipt: MeetingReceipt, nameOf: (memberId: string) => string): void {
  showToast(text, { label: 'Undo', run: () => showToast(undoMessage(receipt, undoMeetingAction(doc, receipt), nameOf)) }, UNDO_MS)
}
