import { Show } from 'solid-js'
import { linkClick, paperPath } from '../router.js'
import { useShortlist } from '../ShortlistContext.js'
import { authorLine } from './PaperLinks.js'

/** "Next up": the top of the queue, the same on every device. */
export function NextUpCard() {
  const { session, view } = useShortlist()
  const top = () => {
    const id = view.nextUp()
    const paper = id ? view.paper(id) : undefined
    return id && paper ? { id, paper } : null
  }
  return (
    <section class="next-up" aria-labelledby="next-up-heading" data-testid="next-up">
      <h2 id="next-up-heading">Next up</h2>
      <Show when={top()} fallback={<p class="muted">Nothing queued yet. Add a paper below.</p>}>
        {(next) => (
          <>
            <p class="next-title">
              <a href={paperPath(session.listId, next().id)} onClick={linkClick}>{next().paper.title}</a>
            </p>
            <p class="paper-meta">
              <span>{authorLine(next().paper)}</span>
              <span class="votes-label">{view.votes(next().id)} {view.votes(next().id) === 1 ? 'vote' : 'votes'}</span>
            </p>
          </>
        )}
      </Show>
    </section>
  )
}
