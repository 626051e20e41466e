import { For, Show, createSignal } from 'solid-js'
import type { PaperId } from '../../doc/ids.js'
import { addComment } from '../../doc/ops.js'
import { listComments } from '../../doc/queries.js'
import { commentsOf } from '../../doc/schema.js'
import { createYValue } from '../../reactive/createYValue.js'
import { useShortlist } from '../ShortlistContext.js'
import { nameOf } from '../club/format.js'
import { dayLabel } from './dayLabel.js'

/** Comments drawn at first, the newest; "Show earlier" adds as many again (a peer can write any number). */
export const COMMENTS_SHOWN = 100

/** A paper's comments, oldest first, the newest 100 drawn until the reader asks for earlier ones; and the form to add one. */
export function PaperComments(props: { paperId: PaperId }) {
  const { session, identity, readOnly, members } = useShortlist()
  const doc = session.doc
  const comments = createYValue(commentsOf(doc), () => listComments(doc, props.paperId))
  const [limit, setLimit] = createSignal(COMMENTS_SHOWN)
  const shown = () => comments().slice(Math.max(0, comments().length - limit()))
  const earlier = () => comments().length - shown().length
  const colourOf = (memberId: string) => members().get(memberId)?.colour ?? '#888888'
  const comment = (event: SubmitEvent) => {
    event.preventDefault()
    const form = event.currentTarget as HTMLFormElement
    const text = String(new FormData(form).get('comment') ?? '').trim()
    if (!text) return
    addComment(doc, { paperId: props.paperId, by: identity.memberId, text })
    form.reset()
  }
  return (
    <section aria-labelledby="comments-heading">
      <h2 id="comments-heading">Comments</h2>
      <Show when={earlier() > 0}>
        <button type="button" onClick={() => setLimit(limit() + COMMENTS_SHOWN)}>Show earlier comments ({earlier()})</button>
      </Show>
      <ul class="comments">
        <For each={shown()} fallback={<li class="muted small">No comments yet.</li>}>
          {(entry) => (
            <li class="comment">
              <p class="comment-head"><span class="avatar small" style={{ '--c': colourOf(entry.by) }} aria-hidden="true" /><strong>{nameOf(members(), entry.by)}</strong> <span class="muted small">{dayLabel(entry.at)}</span></p>
              <p class="comment-text">{entry.text}</p>
            </li>
          )}
        </For>
      </ul>
      <Show when={!readOnly}>
        <form class="comment-form" onSubmit={comment}>
          <label class="visually-hidden" for="comment-input">Add a comment</label>
          <textarea id="comment-input" name="comment" rows="2" placeholder="Add a comment" required />
          <button type="submit">Comment</button>
        </form>
      </Show>
    </section>
  )
}
