import { For, Match, Show, Switch, createMemo } from 'solid-js'
import type { PaperId } from '../../doc/ids.js'
import { MAX_TIED_SCANNED, nextUpStanding, tieBreakText } from '../../doc/nextUp.js'
import type { RankKey } from '../../doc/queries.js'
import { linkClick, paperPath } from '../router.js'
import { useShortlist } from '../ShortlistContext.js'
import { NextMeetingCard } from '../club/NextMeetingCard.js'
import { useClub } from '../club/useClub.js'
import './nextUpCard.css'

/** Tied papers named by title; the rest of a tie is counted. */
const TIED_NAMED = 2

/**
 * The one card for what comes next: the next meeting (when, its paper or the vote standing,
 * the presenter, who has read it), or with no meeting planned the vote standing and an offer
 * to plan one. Live: it follows the ranked queue, not the order rows are shown in.
 */
export function NextUpCard() {
  const club = useClub()
  return (
    <section class="next-card" aria-labelledby="next-heading" data-testid="next-up">
      <Show when={club.nextMeeting()} fallback={
        <>
          <h2 id="next-heading">Next up</h2>
          <VoteStanding />
          <NextMeetingCard />
        </>
      }>
        <NextMeetingCard standing={<VoteStanding />} />
      </Show>
    </section>
  )
}

/**
 * The vote standing: the leading paper and its votes, the papers tied with it and the rule
 * that broke the tie; with no votes yet, an invitation to vote instead of a recommendation.
 */
export function VoteStanding() {
  const { session, view } = useShortlist()
  const standing = createMemo(() => {
    const queue = view.queue()
    // the leader and the papers tied with it: at most MAX_TIED_SCANNED + 2 read
    const top: RankKey[] = []
    for (const id of queue) {
      const votes = view.votes(id)
      if (top.length && (votes !== top[0]!.votes || top.length > MAX_TIED_SCANNED + 1)) {
        top.push({ id, votes, addedAt: 0 })
        break
      }
      top.push({ id, votes, addedAt: view.paper(id)?.addedAt ?? 0 })
      if (votes <= 0) break
    }
    const found = nextUpStanding(top)
    return found.kind === 'noVotes' ? { kind: 'noVotes' as const, queued: queue.length } : found
  })
  const title = (id: PaperId) => view.paper(id)?.title ?? ''
  return (
    <div class="vote-standing" data-testid="vote-standing">
      <Switch>
        <Match when={standing().kind === 'empty'}>
          <p class="muted">Nothing queued yet. Add a paper to start.</p>
        </Match>
        <Match when={standing().kind === 'noVotes'}>
          <p class="no-votes"><strong>No votes yet.</strong> Vote ▲ on the papers below.</p>
        </Match>
        <Match when={(() => { const current = standing(); return current.kind === 'leading' ? current : null })()}>
          {(leading) => (
            <>
              <p class="next-title">
                <a href={paperPath(session.listId, leading().id)} onClick={linkClick}>{title(leading().id)}</a>
                <span class="next-votes"> · {leading().votes} {leading().votes === 1 ? 'vote' : 'votes'}</span>
              </p>
              <Show when={leading().tieBreak}>
                {(rule) => (
                  <p class="tie-line small" data-testid="tie-line">
                    Tied with{' '}
                    <For each={leading().tiedWith.slice(0, TIED_NAMED)}>
                      {(id, at) => <>{at() ? ', ' : ''}‘{title(id)}’</>}
                    </For>
                    <Show when={leading().tiedWith.length > TIED_NAMED || leading().moreTied}>
                      {' '}and {leading().moreTied ? 'more' : `${leading().tiedWith.length - TIED_NAMED} more`}
                    </Show>
                    ; first because {tieBreakText(rule())}.
                  </p>
                )}
              </Show>
            </>
          )}
        </Match>
      </Switch>
    </div>
  )
}
