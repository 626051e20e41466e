import { Show, createSignal } from 'solid-js'
import { saveIdentity } from '../../sync/identity.js'
import type { Identity } from '../../sync/identity.js'

/**
 * First run: asks for the name others will see next to my votes and comments. Opened from a
 * share link, it says which list I am joining (`joining`: the name the link carries, '' when
 * it carries none); that name is untrusted text and is only ever shown as text.
 */
export function Welcome(props: { onDone: (identity: Identity) => void; initial?: string; joining?: string | null }) {
  const [name, setName] = createSignal(props.initial ?? '')
  const submit = (event: SubmitEvent) => {
    event.preventDefault()
    if (!name().trim()) return
    props.onDone(saveIdentity(name()))
  }
  return (
    <main class="page narrow welcome">
      <Show
        when={props.joining != null}
        fallback={
          <>
            <h1 class="brand">Shortlist</h1>
            <p class="lead">A reading list for your group: collect papers, read them anywhere, vote on what to discuss next.</p>
          </>
        }
      >
        <p class="brand small-brand">Shortlist</p>
        <h1 class="join-heading">{props.joining ? `Join ‘${props.joining}’` : 'Join a shared list'}</h1>
        <p class="lead">You were invited to a reading list. Collect papers, read them anywhere, vote on what to discuss next.</p>
      </Show>
      <form class="card stack" onSubmit={submit}>
        <label for="display-name">Your name, as the group will see it</label>
        <input id="display-name" name="name" autocomplete="name" required maxlength="60" value={name()} onInput={(event) => setName(event.currentTarget.value)} />
        <button type="submit" class="primary" disabled={!name().trim()}>Continue</button>
      </form>
      <p class="muted small">Your name is kept on this device and shown to the people you share lists with.</p>
    </main>
  )
}
