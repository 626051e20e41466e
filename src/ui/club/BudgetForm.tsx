import { Show, createSignal } from 'solid-js'
import { MAX_VOTE_BUDGET, setVoteBudget } from '../../doc/club/settings.js'
import { useShortlist } from '../ShortlistContext.js'
import { Field } from './Field.js'
import { useClub } from './useClub.js'

/** The list's vote budget: unlimited approval votes, or at most N active votes per member. */
export function BudgetForm() {
  const { session, readOnly } = useShortlist()
  const club = useClub()
  const [error, setError] = createSignal('')
  const submit = (event: SubmitEvent) => {
    event.preventDefault()
    const raw = String(new FormData(event.currentTarget as HTMLFormElement).get('budget') ?? '').trim()
    try {
      setVoteBudget(session.doc, raw ? Number(raw) : null)
      setError('')
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : 'That budget could not be saved.')
    }
  }
  return (
    <section class="club-section" aria-labelledby="budget-heading">
      <h2 id="budget-heading">Voting</h2>
      <p class="small" data-testid="budget-line">
        {club.settings().voteBudget === null
          ? 'Each member may vote for as many papers as they like.'
          : `Each member has ${club.settings().voteBudget} ${club.settings().voteBudget === 1 ? 'vote' : 'votes'} at a time; a vote comes back when its paper is discussed.`}
      </p>
      <Show when={!readOnly}>
        <form class="card club-form" onSubmit={submit} aria-label="Vote budget">
          <div class="form-grid">
            <Field id="budget-votes" label="Votes per member (empty for unlimited)" wide>
              <input id="budget-votes" name="budget" type="number" min="1" max={String(MAX_VOTE_BUDGET)} inputmode="numeric" value={club.settings().voteBudget ?? ''} />
            </Field>
          </div>
          <Show when={error()}><p class="error" role="alert">{error()}</p></Show>
          <button type="submit">Save</button>
        </form>
      </Show>
    </section>
  )
}
