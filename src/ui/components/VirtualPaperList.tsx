import { For, createMemo, createSignal, onCleanup, onMount } from 'solid-js'
import type { PaperId } from '../../doc/ids.js'
import { PaperRow } from './PaperRow.js'

/** A row's height in pixels before any is measured: the space the rows off screen stand for. */
export const ROW_ESTIMATE = 114
/** The tallest average row pitch believed from a measurement (a bound against a stray huge row). */
const ROW_MAX = 400
/** The smallest a row can be in pixels: how many rows it takes to fill the viewport. */
const ROW_MIN = 48
/** Rows rendered beyond each edge of the viewport, so a short scroll shows no gap. */
const OVERSCAN = 6

/** The rows of a list of `count` to render for a list scrolled `offset` pixels past the viewport top. */
export function visibleRange(count: number, offset: number, viewportHeight: number, pitch: number = ROW_ESTIMATE): { start: number; end: number } {
  const first = Math.floor(Math.max(0, offset) / pitch)
  const start = Math.max(0, Math.min(first, count) - OVERSCAN)
  const end = Math.min(count, start + Math.ceil(Math.max(0, viewportHeight) / ROW_MIN) + 2 * OVERSCAN)
  return { start, end }
}

/**
 * A ranked list. While `windowed` (a long list), only the rows near the viewport are in the
 * DOM, in normal flow between two paddings that stand in for the rows above and below, each
 * row at the average pitch of the rows rendered (measured once per scroll frame from the
 * first and last rendered row); otherwise every row is (`PaperList` bounds how many). Rows
 * are keyed by paper, so a change of order, or a search crossing the windowing bound, moves
 * or keeps rows instead of rendering the visible rows again. `ids` is the shown order.
 */
export default function VirtualPaperList(props: {
  ids: readonly PaperId[]
  label: string
  /** Whether only the rows near the viewport are rendered (default true). */
  windowed?: boolean
  /** A row's live rank while the shown order holds it elsewhere (`PaperRow`'s "now #2"). */
  nowRank?: (id: PaperId, shownIndex: number) => number | null
  listRef?: (list: HTMLOListElement) => void
}) {
  let list: HTMLOListElement | undefined
  const [viewport, setViewport] = createSignal({ offset: 0, height: typeof window === 'undefined' ? 800 : window.innerHeight })
  const [pitch, setPitch] = createSignal(ROW_ESTIMATE)
  let frame = 0
  const measurePitch = () => {
    const rendered = list!.children
    if (rendered.length < 2) return
    const first = rendered[0]!.getBoundingClientRect()
    const last = rendered[rendered.length - 1]!.getBoundingClientRect()
    // not laid out (hidden, or no layout engine): keep the estimate
    if (last.bottom <= first.top) return
    const measured = Math.min(ROW_MAX, Math.max(ROW_MIN, (last.bottom - first.top) / rendered.length))
    if (Math.abs(measured - pitch()) > 2) setPitch(measured)
  }
  const measure = () => {
    frame = 0
    // measured whether windowed or not, so a list that becomes windowed starts from where it is
    if (!list) return
    measurePitch()
    const offset = Math.max(0, -list.getBoundingClientRect().top)
    const height = window.innerHeight
    const current = viewport()
    if (current.offset !== offset || current.height !== height) setViewport({ offset, height })
  }
  const schedule = () => {
    if (!frame) frame = requestAnimationFrame(measure)
  }
  onMount(() => {
    window.addEventListener('scroll', schedule, { passive: true })
    window.addEventListener('resize', schedule, { passive: true })
    // the page may open scrolled (a restored position): place the rows once it is laid out
    schedule()
  })
  onCleanup(() => {
    window.removeEventListener('scroll', schedule)
    window.removeEventListener('resize', schedule)
    if (frame) cancelAnimationFrame(frame)
  })
  const windowed = () => props.windowed ?? true
  const range = createMemo(() => (windowed() ? visibleRange(props.ids.length, viewport().offset, viewport().height, pitch()) : { start: 0, end: props.ids.length }), undefined, {
    equals: (a, b) => a.start === b.start && a.end === b.end,
  })
  const rows = createMemo(() => props.ids.slice(range().start, range().end))
  return (
    <ol
      ref={(element) => {
        list = element
        props.listRef?.(element)
      }}
      class="paper-list"
      classList={{ windowed: windowed() }}
      aria-label={props.label}
      style={windowed() ? {
        'padding-top': `${range().start * pitch()}px`,
        'padding-bottom': `${(props.ids.length - range().end) * pitch()}px`,
      } : {}}
    >
      <For each={rows()}>
        {(id, at) => (
          <li data-row-id={id} aria-setsize={windowed() ? props.ids.length : undefined} aria-posinset={windowed() ? range().start + at() + 1 : undefined}>
            <PaperRow id={id} nowRank={props.nowRank?.(id, range().start + at()) ?? null} />
          </li>
        )}
      </For>
    </ol>
  )
}
