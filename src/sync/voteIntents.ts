/**
 * Votes tapped before a list's document has loaded (while the list shows its cached view):
 * kept as intents, one per paper, the state the reader wants, and applied once the document
 * is loaded. Applying sets the vote to the wanted state, so applying twice, or a vote the
 * document already holds, changes nothing: a tap is never lost and never doubled.
 */
import type * as Y from 'yjs'
import type { PaperId } from '../doc/ids.js'
import { setVote } from '../doc/ops.js'
import { hasPaper } from '../doc/queries.js'
import { memberPaperKey, votesOf } from '../doc/schema.js'
import type { MemberId } from '../doc/schema.js'

/** The reader's wanted vote per paper, in the order tapped; at most one entry per paper on screen. */
export interface VoteIntents {
  /** Records a tap: the reader wants `on` for `paperId` (a later tap for the same paper replaces it). */
  want(paperId: PaperId, on: boolean): void
  /** The wanted state for a paper, or undefined when not tapped. */
  wanted(paperId: PaperId): boolean | undefined
  /** Applies every intent to the loaded document (votes for papers it lacks are dropped) and forgets them; returns how many votes changed. */
  apply(doc: Y.Doc, memberId: MemberId): number
}

/**
 * A set of vote intents over `intents` (paper id → wanted vote, in the order tapped): empty by
 * default, or the map the page's first script recorded taps in (`boot/earlyStart.ts`).
 */
export function createVoteIntents(intents: Map<string, boolean> = new Map()): VoteIntents {
  return {
    want(paperId, on) {
      intents.delete(paperId)
      intents.set(paperId, on)
    },
    wanted: (paperId) => intents.get(paperId),
    apply(doc, memberId) {
      let changed = 0
      // each vote is an op of its own (with the local origin the sync status counts)
      for (const [id, on] of intents) {
        const paperId = id as PaperId
        if (!hasPaper(doc, paperId)) continue
        if (votesOf(doc).has(memberPaperKey(memberId, paperId)) === on) continue
        setVote(doc, { paperId, memberId, on })
        changed++
      }
      intents.clear()
      return changed
    },
  }
}
