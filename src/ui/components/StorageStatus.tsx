import { Match, Show, Switch, createSignal, onMount } from 'solid-js'
import { browserFacts, shouldSuggestInstall } from '../storageAdvice.js'
import type { BrowserFacts } from '../storageAdvice.js'

/** The part of `navigator.storage` used here (absent in old browsers and insecure pages). */
export interface PersistentStorage {
  persisted(): Promise<boolean>
  persist(): Promise<boolean>
}

/** Whether the browser keeps this site's data: 'unknown' where it cannot say. */
type Kept = 'yes' | 'no' | 'refused' | 'unknown'

/**
 * "Keeping data on this device": whether the browser keeps the lists when space runs low
 * (`navigator.storage.persisted()`), a button to ask for that (`persist()`), and on iOS
 * Safari outside an installed app the advice to add Shortlist to the Home Screen. `storage`
 * and `facts` default to the browser's own; tests pass theirs.
 */
export function StorageStatus(props: { storage?: PersistentStorage | null; facts?: BrowserFacts }) {
  const storage = props.storage !== undefined ? props.storage : ((navigator as Navigator & { storage?: PersistentStorage }).storage ?? null)
  const suggestInstall = shouldSuggestInstall(props.facts ?? browserFacts())
  const [kept, setKept] = createSignal<Kept>('unknown')
  onMount(() => {
    if (!storage?.persisted) return
    storage.persisted().then((yes) => setKept(yes ? 'yes' : 'no'), () => setKept('unknown'))
  })
  const ask = async () => {
    try {
      setKept((await storage!.persist()) ? 'yes' : 'refused')
    } catch {
      setKept('refused')
    }
  }
  return (
    <div class="storage-status card" data-kept={kept()}>
      <Switch>
        <Match when={kept() === 'yes'}>
          <p class="storage-line"><span class="ok-mark" aria-hidden="true">✓</span> This browser keeps your lists: it will not clear them to free space.</p>
        </Match>
        <Match when={kept() === 'no'}>
          <p class="storage-line">This browser may clear your lists when the device runs low on space.</p>
          <button type="button" onClick={() => void ask()}>Keep my lists on this device</button>
        </Match>
        <Match when={kept() === 'refused'}>
          <p class="storage-line">The browser did not agree to keep your lists for good. Installing Shortlist as an app, or visiting it often, usually changes that.</p>
        </Match>
        <Match when={kept() === 'unknown'}>
          <p class="storage-line muted">This browser does not say whether it keeps your lists.</p>
        </Match>
      </Switch>
      <Show when={suggestInstall}>
        <p class="banner warning install-advice" role="note">
          On iPhone and iPad, Safari deletes a site’s data after 7 days without a visit. To keep your lists, and changes not yet on the relay, add Shortlist to your Home Screen: tap Share, then “Add to Home Screen”.
        </p>
      </Show>
    </div>
  )
}
