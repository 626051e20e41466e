import { Show } from 'solid-js'
import type { JSX } from 'solid-js'
import type { PaperId } from '../../doc/ids.js'
import { toggleVote } from '../../doc/ops.js'
import type { Paper } from '../../doc/schema.js'
import type { RowFields } from '../../sync/cachedView.js'
import { linkClick, paperPath } from '../router.js'
import { useShortlist } from '../ShortlistContext.js'
import { PaperLinks, authorLine } from './PaperLinks.js'
import { VoteButton } from './VoteButton.js'
import { RowTags } from './RowTags.js'
import { PendingDetails } from './PendingDetails.js'
import { RankReason, useVoteGate } from '../club/voting.js'
import './paperRow.css'

/** The row fields of a paper (what the cached view stores per row). */
export function rowFieldsOf(paper: Paper): RowFields {
  return {
    title: paper.title,
    authors: authorLine(paper),
    published: paper.published,
    pending: paper.pending,
    url: paper.url,
    pdfUrl: paper.pdfUrl,
    codeUrl: paper.codeUrl,
  }
}

/**
 * One row's layout: vote button, title (to its page), a status line ("now #2" while the row
 * waits for its new place, why it ranks there), authors, date, links. The status line is one
 * line whatever it says, so a vote never changes a row's height. It reads nothing but its
 * props, so the cached view and the document render the same row.
 */
export function RowLayout(props: {
  id: PaperId
  listId: string
  fields: RowFields
  votes: number
  voted: boolean
  disabled: boolean
  onToggle: () => void
  /** The row's live rank while the shown order holds it elsewhere, else null. */
  nowRank: number | null
  reason?: JSX.Element
  /** What only the document knows (the lookup's outcome, tags); the cached view shows "details pending" alone. */
  details?: JSX.Element
}) {
  return (
    <article class="paper-row" data-paper-id={props.id}>
      <VoteButton title={props.fields.title} count={props.votes} voted={props.voted} disabled={props.disabled} onToggle={props.onToggle} />
      <div class="paper-main">
        <h3 class="paper-title">
          <a href={paperPath(props.listId, props.id)} onClick={linkClick}>{props.fields.title}</a>
        </h3>
        <p class="paper-meta">
          <span class="row-status">
            <Show when={props.nowRank}>{(rank) => <span class="now-rank" data-testid="now-rank">now #{rank()}</span>}</Show>
            {props.reason}
          </span>
          <Show when={props.fields.authors}>{(line) => <span class="authors">{line()}</span>}</Show>
          <Show when={props.fields.published}><span class="date">{props.fields.published}</span></Show>
          <Show when={props.details} fallback={<Show when={props.fields.pending}><span class="tag pending">details pending</span></Show>}>
            {props.details}
          </Show>
          <PaperLinks paper={props.fields} />
        </p>
      </div>
    </article>
  )
}

/** One paper of the open list, read from the document when the row is rendered. */
export function PaperRow(props: { id: PaperId; nowRank?: number | null }) {
  const { session, view, identity, readOnly } = useShortlist()
  const paper = () => view.paper(props.id)
  const mayVote = useVoteGate()
  return (
    <Show when={paper()}>
      {(p) => (
        <RowLayout
          id={props.id}
          listId={session.listId}
          fields={rowFieldsOf(p())}
          votes={view.votes(props.id)}
          voted={view.myVote(props.id)}
          disabled={readOnly || !mayVote(props.id)}
          onToggle={() => toggleVote(session.doc, { paperId: props.id, memberId: identity.memberId })}
          nowRank={props.nowRank ?? null}
          reason={<RankReason id={props.id} />}
          details={<><PendingDetails paper={p()} compact /><RowTags id={props.id} /></>}
        />
      )}
    </Show>
  )
}
