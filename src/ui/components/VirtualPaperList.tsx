import { For } from 'solid-js'
import { createWindowVirtualizer } from '@tanstack/solid-virtual'
import type { PaperId } from '../../doc/ids.js'
import { PaperRow } from './PaperRow.js'

/** Estimated row height before measuring; rows are measured once rendered. */
const ROW_ESTIMATE = 76

/** A long ranked list: only the rows near the viewport are in the DOM (measured as they render). */
export default function VirtualPaperList(props: { ids: PaperId[]; label: string }) {
  let list!: HTMLOListElement
  const virtualizer = createWindowVirtualizer<HTMLLIElement>({
    get count() {
      return props.ids.length
    },
    estimateSize: () => ROW_ESTIMATE,
    overscan: 8,
    getItemKey: (index) => props.ids[index] ?? index,
    get scrollMargin() {
      return list?.offsetTop ?? 0
    },
  })
  return (
    <ol ref={list} class="paper-list virtual" aria-label={props.label} style={{ height: `${virtualizer.getTotalSize()}px` }}>
      <For each={virtualizer.getVirtualItems()}>
        {(row) => (
          <li
            data-index={row.index}
            ref={(el) => queueMicrotask(() => virtualizer.measureElement(el))}
            style={{ transform: `translateY(${row.start - virtualizer.options.scrollMargin}px)` }}
          >
            <PaperRow id={props.ids[row.index]!} />
          </li>
        )}
      </For>
    </ol>
  )
}
