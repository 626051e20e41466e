import { Show } from 'solid-js'
import type { PaperId } from '../../doc/ids.js'
import { toggleVote } from '../../doc/ops.js'
import { linkClick, paperPath } from '../router.js'
import { useShortlist } from '../ShortlistContext.js'
import { PaperLinks, authorLine } from './PaperLinks.js'
import { VoteButton } from './VoteButton.js'
import { RowTags } from './RowTags.js'
import { PendingDetails } from './PendingDetails.js'
import { RankReason, useVoteGate } from '../club/voting.js'

/** One paper in a ranked list: votes, title (to its page), authors, date, links. */
export function PaperRow(props: { id: PaperId; rank?: number }) {
  const { session, view, identity, readOnly } = useShortlist()
  const paper = () => view.paper(props.id)
  const mayVote = useVoteGate()
  return (
    <Show when={paper()}>
      {(p) => (
        <article class="paper-row" data-paper-id={props.id}>
          <VoteButton
            title={p().title}
            count={view.votes(props.id)}
            voted={view.myVote(props.id)}
            disabled={readOnly || !mayVote(props.id)}
            onToggle={() => toggleVote(session.doc, { paperId: props.id, memberId: identity.memberId })}
          />
          <div class="paper-main">
            <h3 class="paper-title">
              <a href={paperPath(session.listId, props.id)} onClick={linkClick}>{p().title}</a>
            </h3>
            <p class="paper-meta">
              <RankReason id={props.id} />
              <Show when={authorLine(p())}>{(line) => <span class="authors">{line()}</span>}</Show>
              <Show when={p().published}><span class="date">{p().published}</span></Show>
              <PendingDetails paper={p()} compact />
              <RowTags id={props.id} />
              <PaperLinks paper={p()} />
            </p>
          </div>
        </article>
      )}
    </Show>
  )
}
