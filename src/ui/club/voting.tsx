import { Show } from 'solid-js'
import { voteGate } from '../../doc/club/budget.js'
import { rankReason } from '../../doc/club/rankReason.js'
import type { PaperId } from '../../doc/ids.js'
import { useShortlist } from '../ShortlistContext.js'
import { useClub } from './useClub.js'

/**
 * Whether I may press a paper's vote button now: the document's vote gate (`voteGate`), fed
 * the reactive values the list and club views already hold, so a row re-checks only when its
 * paper, my vote on it or my votes left change.
 */
export function useVoteGate(): (id: PaperId) => boolean {
  const { view } = useShortlist()
  const club = useClub()
  return (id) => voteGate({ paper: view.paper(id) ?? null, votesFor: view.myVote(id), votesLeft: club.votesLeft() })
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

/**
 * "3 votes left" when the list has a vote budget, and how many of my votes do not count when
 * I am over it (votes cast offline on two devices, or a budget lowered); nothing when voting
 * is unlimited.
 */
export function VoteBudgetNote() {
  const club = useClub()
  const over = () => club.overBudget()
  return (
    <Show when={club.votesLeft() !== null}>
      <p class="vote-budget" classList={{ spent: club.votesLeft() === 0 }} data-testid="votes-left" role="status">
        {club.votesLeft() === 0
          ? `No votes left (each member has ${club.settings().voteBudget}): take a vote back to vote for another paper.`
          : `${club.votesLeft()} ${club.votesLeft() === 1 ? 'vote' : 'votes'} left of ${club.settings().voteBudget}`}
        <Show when={over() > 0}>
          {` ${over()} of your votes ${over() === 1 ? 'does' : 'do'} not count: only your earliest ${club.settings().voteBudget} count.`}
        </Show>
      </p>
    </Show>
  )
}
