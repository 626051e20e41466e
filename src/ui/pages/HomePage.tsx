import { For, Show, createSignal } from 'solid-js'
import type { Identity } from '../../sync/identity.js'
import { loadLists } from '../../sync/lists.js'
import { openNewList } from '../newList.js'
import { RestoreBackup } from '../import/RestoreBackup.js'
import { StorageStatus } from '../components/StorageStatus.js'
import { linkClick, listPath, navigate } from '../router.js'

/** Home: my lists on this device, a form to create one, and whether this device keeps them. */
export function HomePage(props: { identity: Identity; onRename: () => void }) {
  const lists = loadLists()
  const [name, setName] = createSignal('')
  const create = (event: SubmitEvent) => {
    event.preventDefault()
    const clean = name().trim()
    if (clean) openNewList(clean, (listId) => navigate(listPath(listId)))
  }
  const when = (at: number) => (at ? new Date(at).toLocaleDateString(undefined, { day: 'numeric', month: 'short' }) : '')
  return (
    <main class="page narrow">
      <header class="home-header">
        <h1 class="brand">Shortlist</h1>
        <button type="button" class="link-button" onClick={() => props.onRename()} aria-label={`${props.identity.name}: change my name`}>
          <span class="avatar small" style={{ '--c': props.identity.colour }} aria-hidden="true" />
          {props.identity.name}
        </button>
      </header>
      <section aria-labelledby="my-lists">
        <h2 id="my-lists">My lists</h2>
        <Show when={lists.length} fallback={<p class="muted">No lists on this device yet. Create one, or open a link someone shared with you.</p>}>
          <ul class="list-cards">
            <For each={lists}>
              {(list) => (
                <li>
                  <a class="card list-card" href={listPath(list.id)} onClick={linkClick}>
                    <span class="list-name">{list.name || 'Untitled list'}</span>
                    <Show when={list.deletedAt} fallback={<span class="muted small">{when(list.lastOpened)}</span>}>
                      <span class="tag pending">Deleted for everyone</span>
                    </Show>
                  </a>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </section>
      <section aria-labelledby="new-list">
        <h2 id="new-list">New list</h2>
        <form class="card row" onSubmit={create}>
          <label class="visually-hidden" for="list-name">List name</label>
          <input id="list-name" placeholder="Journal club" required maxlength="200" value={name()} onInput={(event) => setName(event.currentTarget.value)} />
          <button type="submit" class="primary" disabled={!name().trim()}>Create</button>
        </form>
        <RestoreBackup />
      </section>
      <section aria-labelledby="this-device">
        <h2 id="this-device">This device</h2>
        <StorageStatus />
      </section>
    </main>
  )
}
