import { For, Show, lazy } from 'solid-js'
import type { PaperId } from '../../doc/ids.js'
import { PaperRow } from './PaperRow.js'

/** Past this many rows only the visible ones are rendered (cold start and vote budgets). */
export const VIRTUALIZE_FROM = 200
/** Loaded only for long lists, so short lists do not pay for the virtualiser. */
const VirtualPaperList = lazy(() => import('./VirtualPaperList.js'))

/**
 * Starts loading the virtualiser while a long list is still being read from the device, so
 * the first paint does not wait for its chunk.
 */
export function preloadLongList(): void {
  void VirtualPaperList.preload()
}

/** A ranked list of papers; virtualised against the window when it is long. */
export function PaperList(props: { ids: PaperId[]; label: string; empty: string }) {
  return (
    <Show when={props.ids.length > 0} fallback={<p class="muted empty">{props.empty}</p>}>
      <Show when={props.ids.length > VIRTUALIZE_FROM} fallback={
        <ol class="paper-list" aria-label={props.label}>
          <For each={props.ids}>{(id) => <li><PaperRow id={id} /></li>}</For>
        </ol>
      }>
        <VirtualPaperList ids={props.ids} label={props.label} />
      </Show>
    </Show>
  )
}

