import { Show } from 'solid-js'
import { updateReady } from '../pwa.js'

/** "A new version is ready — Reload": shown when a new service worker waits; reloads only on click. */
export function UpdatePrompt() {
  return (
    <Show when={updateReady()}>
      {(activate) => (
        <div class="update-prompt" role="status">
          <span>A new version is ready</span>
          <button type="button" class="primary" onClick={() => activate()()}>Reload</button>
        </div>
      )}
    </Show>
  )
}
