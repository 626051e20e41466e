import { For, Show } from 'solid-js'
import type { PaperId } from '../../doc/ids.js'
import { PaperRow } from './PaperRow.js'
import VirtualPaperList from './VirtualPaperList.js'

/** Past this many rows only the visible ones are rendered (cold start and vote budgets). */
export const VIRTUALIZE_FROM = 200

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

