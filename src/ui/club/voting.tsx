import { Show } from 'solid-js'
import { rankReason } from '../../doc/club/rankReason.js'
import type { PaperId } from '../../doc/ids.js'
import { useShortlist } from '../ShortlistContext.js'
import { useClub } from './useClub.js'

/**
 * Whether I may press a paper's vote button now: to take my vote back, or to vote for a
 * queued, live paper while I have a vote left in the list's budget (offline devices can still overshoot together; the
 * document's budget rule then decides which votes count).
 */
export function useVoteGate(): (id: PaperId) => boolean {
  const { view } = useShortlist()
  const club = useClub()
  return (id) => {
    if (view.myVote(id)) return true // taking a vote back is always allowed
    const paper = view.paper(id)
    if (!paper || paper.deletedAt || paper.status !== 'queued') return false
    const left = club.votesLeft()
    return left === null || left > 0
  }
}

/** Why a queued paper ranks where it does: "5 votes · added 3 weeks ago" (nothing for other papers). */
export function RankReason(props: { id: PaperId }) {
  const { view } = useShortlist()
  const club = useClub()
  return (
    <Show when={view.paper(props.id)?.status === 'queued' && view.paper(props.id)}>
      {(paper) => <span class="rank-reason">{rankReason({ paper: paper(), votes: view.votes(props.id) }, club.now())}</span>}
    </Show>
  )
}

/** "3 votes left" when the list has a vote budget; nothing when voting is unlimited. */
export function VoteBudgetNote() {
  const club = useClub()
  return (
    <Show when={club.votesLeft() !== null}>
      <p class="vote-budget" classList={{ spent: club.votesLeft() === 0 }} data-testid="votes-left" role="status">
        {club.votesLeft() === 0
          ? `No votes left (each member has ${club.settings().voteBudget}): take a vote back to vote for another paper.`
          : `${club.votesLeft()} ${club.votesLeft() === 1 ? 'vote' : 'votes'} left of ${club.settings().voteBudget}`}
      </p>
    </Show>
  )
}
