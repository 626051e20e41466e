import { Show, createMemo, createSignal, onCleanup } from 'solid-js'
import { noteUnsynced, waitedTooLong } from '../../sync/unsyncedSince.js'

/** How often the warning checks the clock while the list is open. */
const CLOCK_TICK_MS = 60_000

/**
 * Warns in the list header when this device's changes have waited more than a day to reach
 * the relay. The start of the wait is kept per list in localStorage, so the warning survives
 * reloads; it disappears as soon as the relay confirms everything.
 */
export function UnsyncedWarning(props: { listId: string; unsynced: boolean; onBackup: () => void }) {
  const [now, setNow] = createSignal(Date.now())
  const timer = setInterval(() => setNow(Date.now()), CLOCK_TICK_MS)
  onCleanup(() => clearInterval(timer))
  const since = createMemo(() => noteUnsynced(props.listId, props.unsynced))
  const day = () => new Date(since() ?? 0).toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short' })
  return (
    <Show when={waitedTooLong(since(), now())}>
      <div class="banner warning unsynced-warning" role="alert">
        <p>Changes on this device have waited since {day()} to reach the relay. Connect to the internet so others get them, or download a backup so they are not lost.</p>
        <button type="button" onClick={() => props.onBackup()}>Download backup</button>
      </div>
    </Show>
  )
}
