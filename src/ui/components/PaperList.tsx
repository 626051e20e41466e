import { Show, createContext, createEffect, on, onCleanup, onMount, useContext } from 'solid-js'
import type { Accessor } from 'solid-js'
import type { PaperId } from '../../doc/ids.js'
import { createShownOrder } from '../../reactive/createShownOrder.js'
import type { ShownSeed } from '../../reactive/createShownOrder.js'
import VirtualPaperList from './VirtualPaperList.js'
import { rowIdsOnScreen, rowTop } from './rowsOnScreen.js'

/** Past this many rows only the visible ones are rendered (cold start and vote budgets). */
export const VIRTUALIZE_FROM = 200
/**
 * While the reader's search, filter or sort narrows the list, past this many rows only the
 * visible ones are rendered: each keystroke then renders at most a screenful and its overscan,
 * never a few hundred matches at once.
 */
export const QUERY_VIRTUALIZE_FROM = 40

/** Pixels an anchored row may drift by snapped scrolling before it counts as moved by the reader. */
const SNAP_DRIFT = 2

/** Where a list's shown order starts: an order shown before under `label`, its rows on screen, and where the first of them stood. */
export interface ListSeed extends ShownSeed {
  label: string
  /** The first row on screen and its top in the viewport, kept there when the list mounts. */
  anchor: { id: PaperId; top: number } | null
}

/** The page around a list: where its shown order starts (a cached view) and who reads it (to cache it). */
export interface ShownOrderHost {
  /** The seed for a list of this label, or null (taken once). */
  takeSeed(label: string): ListSeed | null
  /** Reports a list's shown order and element while the list is mounted (call while it is set up). */
  show(label: string, ids: Accessor<readonly PaperId[]>, element: () => HTMLElement | undefined): void
}

/** Provided by the list's route; a list without it starts from the live order. */
export const ShownOrderHostContext = createContext<ShownOrderHost>()

/**
 * A ranked list of papers, virtualised against the window when it is long. `ids` is the live
 * order (the query's result); the rows follow the shown order (`createShownOrder`): a vote
 * never moves a row on screen, the row shows "now #2" instead, and a "Re-sort" chip settles
 * the list. A change of `queryKey` (the reader's own search, filter or sort) re-sorts at once.
 * When rows above change, the first row on screen keeps its place (the page scrolls by the
 * difference).
 */
export function PaperList(props: { ids: PaperId[]; label: string; empty: string; queryKey?: unknown }) {
  const host = useContext(ShownOrderHostContext)
  let list: HTMLElement | undefined
  /** The first row on screen and where it should stay, recorded before the shown order changes. */
  let anchor: { id: PaperId; top: number } | null = null
  /** The last place an anchor was kept at: the browser snaps scrolling to whole pixels, so the place is carried over, not measured again each time. */
  let kept: { id: PaperId; top: number } | null = null
  const onScreen = (): PaperId[] => {
    if (!list) return []
    const ids = rowIdsOnScreen(list)
    const first = ids[0]
    const top = first ? rowTop(list, first)! : 0
    // within a pixel or two of where it was kept: the same view, keep aiming at the same place
    anchor = first ? (kept?.id === first && Math.abs(kept.top - top) < SNAP_DRIFT ? kept : { id: first, top }) : null
    return ids
  }
  const seed = host?.takeSeed(props.label) ?? null
  const order = createShownOrder({ live: () => props.ids, onScreen, resetKey: () => props.queryKey, seed })
  host?.show(props.label, order.ids, () => list)
  // after the rows moved in the DOM: scroll by what the anchor row moved (bounded: one scroll per change)
  createEffect(on(order.ids, () => {
    const held = anchor
    anchor = null
    kept = held
    if (!held || !list) return
    const top = rowTop(list, held.id)
    if (top !== null && Math.abs(top - held.top) >= 0.5) window.scrollBy(0, top - held.top)
  }, { defer: true }))
  let frame = 0
  const onScroll = () => {
    if (frame) return
    frame = requestAnimationFrame(() => {
      frame = 0
      order.viewMoved(window.scrollY <= 1)
    })
  }
  onMount(() => {
    window.addEventListener('scroll', onScroll, { passive: true })
    // taking over from a cached view: its first row on screen stays where it was
    const top = seed?.anchor && list ? rowTop(list, seed.anchor.id) : null
    if (seed?.anchor && top !== null && top !== seed.anchor.top) window.scrollBy(0, top - seed.anchor.top)
  })
  onCleanup(() => {
    window.removeEventListener('scroll', onScroll)
    if (frame) cancelAnimationFrame(frame)
  })
  const nowRank = (id: PaperId, shownIndex: number): number | null => {
    const rank = order.liveRank(id)
    return rank !== null && rank !== shownIndex + 1 ? rank : null
  }
  const settle = () => {
    anchor = null
    order.settle()
  }
  return (
    <Show when={props.ids.length > 0} fallback={<p class="muted empty">{props.empty}</p>}>
      {/* bound: at most VIRTUALIZE_FROM rows (QUERY_VIRTUALIZE_FROM under a query) are rendered at once; longer lists are windowed */}
      <VirtualPaperList
        ids={order.ids()}
        label={props.label}
        windowed={order.ids().length > (props.queryKey ? QUERY_VIRTUALIZE_FROM : VIRTUALIZE_FROM)}
        nowRank={nowRank}
        listRef={(element) => (list = element)}
      />
      <Show when={order.unsettled()}>
        {(places) => (
          <button type="button" class="resort-chip" data-testid="resort" onClick={settle}>
            Re-sort ({places()} {places() === 1 ? 'place' : 'places'} changed)
          </button>
        )}
      </Show>
    </Show>
  )
}
