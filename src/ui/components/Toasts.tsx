import { For, Show } from 'solid-js'
import { dismissToast, toasts } from '../toasts.js'

/** The toast stack; polite live region so screen readers hear "Paper deleted". */
export function Toasts() {
  return (
    <div class="toasts" role="status" aria-live="polite">
      <For each={toasts()}>
        {(toast) => (
          <div class="toast">
            <span>{toast.text}</span>
            <Show when={toast.action}>
              {(action) => (
                <button type="button" onClick={() => { action().run(); dismissToast(toast.id) }}>{action().label}</button>
              )}
            </Show>
          </div>
        )}
      </For>
    </div>
  )
}
