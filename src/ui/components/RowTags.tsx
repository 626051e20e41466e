import { For, Show } from 'solid-js'
import type { PaperId } from '../../doc/ids.js'
import { useShortlist } from '../ShortlistContext.js'
import '../paper/rowTags.css'

/** Tags a row shows; the rest are counted ("+3"). */
const SHOWN = 4

/** A paper's tags as one quiet line on its row (text, not controls: the row stays one tap target per action). */
export function RowTags(props: { id: PaperId }) {
  const { view } = useShortlist()
  const tags = () => view.paper(props.id)?.tags ?? []
  return (
    <Show when={tags().length}>
      <span class="row-tags">
        <span class="visually-hidden">Tags:</span>
        <For each={tags().slice(0, SHOWN)}>{(tag) => <span class="row-tag">{tag}</span>}</For>
        <Show when={tags().length > SHOWN}><span class="row-tag more">+{tags().length - SHOWN}</span></Show>
      </span>
    </Show>
  )
}
