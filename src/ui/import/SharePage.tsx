import { For, Show, createSignal } from 'solid-js'
import { loadLists } from '../../sync/lists.js'
import { openNewList } from '../newList.js'
import { linkClick, listPath, navigate } from '../router.js'
import { offerSharedText, sharedText } from './pendingShare.js'
import '../import.css'

/** What another app shared to Shortlist (the Web Share Target's query). */
export interface SharedItem {
  title: string
  text: string
  url: string
}

/**
 * Receives a share from another app: pick the list (the last opened is preselected), or name
 * a new one when this device has none; the list then opens with the Add box filled in and
 * previewed.
 */
export default function SharePage(props: { share: SharedItem }) {
  const lists = loadLists()
  const text = sharedText(props.share)
  const [choice, setChoice] = createSignal(lists[0]?.id ?? '')
  const [name, setName] = createSignal('')
  const open = (listId: string) => {
    offerSharedText(listId, text)
    navigate(listPath(listId), { replace: true })
  }
  const create = (event: SubmitEvent) => {
    event.preventDefault()
    const clean = name().trim()
    if (clean) openNewList(clean, open)
  }
  return (
    <main class="page narrow share-page">
      <h1>Add to Shortlist</h1>
      <Show when={text} fallback={<p class="muted">Nothing came with this share. <a href="/" onClick={linkClick}>Go to my lists</a></p>}>
        <pre class="shared-text card" aria-label="Shared text">{text}</pre>
        <Show
          when={lists.length}
          fallback={
            <form class="card share-new-list" onSubmit={create}>
              <p>You have no lists on this device yet. Name one to add this to:</p>
              <label class="visually-hidden" for="share-list-name">New list name</label>
              <div class="row">
                <input id="share-list-name" placeholder="Journal club" required maxlength="200" value={name()} onInput={(event) => setName(event.currentTarget.value)} />
                <button type="submit" class="primary" disabled={!name().trim()}>Create</button>
              </div>
            </form>
          }
        >
          <form class="card share-pick" onSubmit={(event) => { event.preventDefault(); if (choice()) open(choice()) }}>
            <fieldset>
              <legend>Add to which list?</legend>
              <For each={lists}>
                {(list) => (
                  <label class="share-choice">
                    <input type="radio" name="share-list" value={list.id} checked={choice() === list.id} onChange={() => setChoice(list.id)} />
                    <span>{list.name || 'Untitled list'}</span>
                  </label>
                )}
              </For>
            </fieldset>
            <button type="submit" class="primary">Continue</button>
          </form>
        </Show>
      </Show>
    </main>
  )
}
