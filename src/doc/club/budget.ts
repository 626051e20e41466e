/**
 * Which votes count. Approval voting by default; with a vote budget of N, each member has at
 * most N active votes.
 *
 * The budget rule (the same on every replica, because it reads only the document): a vote is
 * *active* when its paper exists, is not deleted and is still queued. A member's active votes
 * are sorted by (time voted, paper id); the earliest N count, later ones do not. So if a
 * member votes past the budget on two devices offline, after merging the votes they cast
 * first count, whatever order the devices sync in. When a counted vote's paper is discussed
 * or deleted, the member's next vote in that order starts to count.
 *
 * This module reads only the core schema (no rankings), so `queries.ts` may import it.
 */
import type * as Y from 'yjs'
import { compareIds } from '../ids.js'
import type { PaperId } from '../ids.js'
import { isQueued, memberPaperKey, papersOf, queueStateOf, splitKey, votesOf } from '../schema.js'
import type { MemberId, Paper } from '../schema.js'
import { readClubSettings } from './settings.js'

/** One vote as stored: who, on what, when. */
export interface CastVote {
  memberId: MemberId
  paperId: PaperId
  /** Time voted (ms), as recorded by the voting device. */
  at: number
}

/** Options for counting votes. */
export interface CountOptions {
  /** Count only votes cast at or before this instant (a close or a voting deadline). */
  cutoff?: number
}

/** True when votes on this paper are active: it exists here and is queued (live, not discussed or archived). */
function isVotable(papers: Y.Map<unknown>, paperId: PaperId): boolean {
  const state = queueStateOf(papers, paperId)
  return state !== null && isQueued(state)
}

/** Every member's active votes in budget order (time voted, then paper id). */
function activeVotesByMember(doc: Y.Doc, options: CountOptions): Map<MemberId, CastVote[]> {
  const papers = papersOf(doc)
  const byMember = new Map<MemberId, CastVote[]>()
  for (const [key, raw] of votesOf(doc).entries()) {
    const [memberId, paperId] = splitKey(key)
    if (!memberId || !paperId || !isVotable(papers, paperId)) continue
    const at = typeof raw === 'number' && Number.isFinite(raw) ? raw : 0
    if (options.cutoff !== undefined && at > options.cutoff) continue
    const list = byMember.get(memberId) ?? []
    list.push({ memberId, paperId, at })
    byMember.set(memberId, list)
  }
  for (const list of byMember.values()) list.sort((a, b) => a.at - b.at || compareIds(a.paperId, b.paperId))
  return byMember
}

/**
 * The votes that count, per member: all active votes without a budget, else the earliest N
 * by (time voted, paper id). Pure: every replica with the same updates gets the same answer.
 */
export function countedVotesByMember(doc: Y.Doc, options: CountOptions = {}): Map<MemberId, CastVote[]> {
  const budget = readClubSettings(doc).voteBudget
  const byMember = activeVotesByMember(doc, options)
  if (budget !== null) for (const [memberId, list] of byMember) byMember.set(memberId, list.slice(0, budget))
  return byMember
}

/**
 * Counted votes per paper: ignores votes on deleted, discussed or archived papers, votes on
 * papers this replica lacks, and votes beyond a member's budget (see the module rule).
 * This is what ranking uses.
 */
export function countedVotes(doc: Y.Doc, options: CountOptions = {}): Map<PaperId, number> {
  const counts = new Map<PaperId, number>()
  for (const list of countedVotesByMember(doc, options).values()) {
    for (const vote of list) counts.set(vote.paperId, (counts.get(vote.paperId) ?? 0) + 1)
  }
  return counts
}

/** A member's votes that do not count because they are beyond the budget (for the UI to flag). */
export function overBudgetVotes(doc: Y.Doc, memberId: MemberId): CastVote[] {
  const budget = readClubSettings(doc).voteBudget
  if (budget === null) return []
  return (activeVotesByMember(doc, {}).get(memberId) ?? []).slice(budget)
}

/** How many more votes a member may cast; null when voting is unlimited. */
export function votesLeft(doc: Y.Doc, memberId: MemberId): number | null {
  const budget = readClubSettings(doc).voteBudget
  if (budget === null) return null
  const active = activeVotesByMember(doc, {}).get(memberId)?.length ?? 0
  return Math.max(0, budget - active)
}

/** What the vote gate needs to know about one member and one paper. */
export interface VoteGateInput {
  /** The paper's queue state, or null when this replica lacks the paper. */
  paper: Pick<Paper, 'deletedAt' | 'status'> | null
  /** Whether the member votes for it now. */
  votesFor: boolean
  /** The member's votes left ({@link votesLeft}); null when voting is unlimited. */
  votesLeft: number | null
}

/**
 * The vote gate, the one place that says it: taking a vote back is always allowed; a new vote
 * needs a queued, live paper and a vote left in the budget. Offline devices can still exceed
 * the budget together; the module rule then decides which votes count. Pure, so a reactive
 * view can feed it the values it already holds.
 */
export function voteGate(input: VoteGateInput): boolean {
  if (input.votesFor) return true
  if (!input.paper || !isQueued(input.paper)) return false
  return input.votesLeft === null || input.votesLeft > 0
}

/** Whether a member may press a paper's vote button now (the {@link voteGate} read from the document). */
export function canVote(doc: Y.Doc, vote: { memberId: MemberId; paperId: PaperId }): boolean {
  const { memberId, paperId } = vote
  if (!memberId) return false
  return voteGate({
    paper: queueStateOf(papersOf(doc), paperId),
    votesFor: votesOf(doc).has(memberPaperKey(memberId, paperId)),
    votesLeft: votesLeft(doc, memberId),
  })
}
