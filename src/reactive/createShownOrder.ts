/**
 * The shown order of a list: what the reader sees, between the live order (the truth, which
 * a vote changes at once) and the rows on screen. A change of the live order never moves a
 * row that is on screen: the rows on screen stay together, in their order, and everything
 * else follows the live order around them. The shown order settles into the live order at a
 * calm moment (the reader returns to the top, or asks for it), and silently whenever the rows
 * on screen are already together in the live order (the list keeps them in place on screen
 * by scrolling, see `VirtualPaperList`).
 */
import { batch, createComputed, createMemo, createSignal, untrack } from 'solid-js'
import type { Accessor } from 'solid-js'
import type { PaperId } from '../doc/ids.js'

/**
 * Arranges `live` so that the ids in `onScreen` (a run of consecutive rows of the `previous`
 * shown order, top to bottom) stay together and in their order, while the other ids keep the
 * live order. The run goes where most of its rows belong in the live order (after the median
 * number of other ids that precede its rows there; between two medians, as near its previous
 * place as they allow), so one row voted far up or down does not drag the others with it.
 * Ids on screen that left the live order are dropped. The result is `live` itself when
 * nothing has to be held. Work: one look-up in `live` per row on screen (a screenful) and in
 * `previous` for the first, then, only when the run must be held, a few block copies of
 * `live`; no per-id pass in script over the whole list.
 */
export function arrangeShown(live: readonly PaperId[], onScreen: readonly PaperId[], previous: readonly PaperId[] = []): readonly PaperId[] {
  if (!onScreen.length) return live
  // the live places of the rows on screen still in the live order, each once, top to bottom
  const places: number[] = []
  for (const id of onScreen) {
    const at = live.indexOf(id)
    if (at >= 0 && !places.includes(at)) places.push(at)
  }
  if (!places.length) return live
  places.sort((a, b) => a - b)
  // for each held row in the live order: how many ids that are not held precede it
  const preceding = (nth: number): number => places[nth]! - nth
  const lower = preceding((places.length - 1) >> 1)
  const upper = preceding(places.length >> 1)
  const was = previous.indexOf(onScreen[0]!)
  const before = Math.min(upper, Math.max(lower, was < 0 ? lower : was))
  const present = new Set(places.map((at) => live[at]!))
  const run = onScreen.filter((id) => present.delete(id))
  // the run already stands there in the live order: nothing to hold
  if (run.every((id, nth) => live[before + nth] === id)) return live
  // the other ids in live order (the blocks between the run's places), the run after `before` of them
  const blocks: PaperId[][] = []
  let from = 0
  for (const at of places) {
    blocks.push(live.slice(from, at))
    from = at + 1
  }
  blocks.push(live.slice(from))
  const others = ([] as PaperId[]).concat(...blocks)
  return others.slice(0, before).concat(run, others.slice(before))
}

/** How many places of `shown` hold another id than the live order would (what "Re-sort" changes). */
export function placesToSettle(shown: readonly PaperId[], live: readonly PaperId[]): number {
  if (shown === live) return 0
  let differing = Math.abs(shown.length - live.length)
  const shared = Math.min(shown.length, live.length)
  for (let i = 0; i < shared; i++) if (shown[i] !== live[i]) differing++
  return differing
}

/** A shown order, its distance from the live order, and the live rank of each id. */
export interface ShownOrder {
  /** The ids in the order the reader sees them. */
  ids: Accessor<readonly PaperId[]>
  /** Places that differ from the live order (0 when settled). */
  unsettled: Accessor<number>
  /** While the shown order differs from the live one: an id's live rank (1-based); else null. */
  liveRank(id: PaperId): number | null
  /** Arranges again around the rows on screen now (after a scroll), or settles when `atTop` turned true. */
  viewMoved(atTop: boolean): void
  /** Takes the live order as it is (the "Re-sort" chip). */
  settle(): void
}

/** Where the shown order starts: an order shown before (a cached view) and its rows that were on screen. */
export interface ShownSeed {
  ids: readonly PaperId[]
  onScreen: readonly PaperId[]
}

/**
 * A reactive shown order over `live`. `onScreen` reports the ids of the rows on screen now,
 * top to bottom (it is read only when the live order changes or the view moves, never
 * tracked). A change of `resetKey` (the reader's own query: search text, filter, sort) takes
 * the live order at once. `seed` starts from an order shown before, keeping its rows on screen.
 */
export function createShownOrder(options: {
  live: Accessor<readonly PaperId[]>
  onScreen: () => readonly PaperId[]
  resetKey?: Accessor<unknown>
  seed?: ShownSeed | null
}): ShownOrder {
  const [shown, setShown] = createSignal<readonly PaperId[]>([], { equals: sameOrder })
  let lastKey: unknown = undefined
  let started = false
  let atTop = true
  createComputed(() => {
    const live = options.live()
    const key = options.resetKey?.()
    untrack(() => {
      if (!started) {
        started = true
        lastKey = key
        const seed = options.seed
        setShown(seed ? arrangeShown(live, seed.onScreen, seed.ids) : live)
        return
      }
      if (key !== lastKey) {
        lastKey = key
        setShown(live)
        return
      }
      setShown(arrangeShown(live, options.onScreen(), shown()))
    })
  })
  const unsettled = createMemo(() => placesToSettle(shown(), options.live()))
  // A row's live rank, looked up when a row asks (the rows on screen, a screenful) and kept
  // until the live order changes; only while the shown order differs from the live one.
  const liveRanks = createMemo(() => {
    if (!unsettled()) return null
    options.live()
    return new Map<PaperId, number | null>()
  })
  const settle = () => setShown(untrack(options.live))
  return {
    ids: shown,
    unsettled,
    liveRank(id) {
      const ranks = liveRanks()
      if (!ranks) return null
      let rank = ranks.get(id)
      if (rank === undefined) {
        const at = untrack(options.live).indexOf(id)
        ranks.set(id, (rank = at < 0 ? null : at + 1))
      }
      return rank
    },
    viewMoved(nowAtTop) {
      const arrived = nowAtTop && !atTop
      atTop = nowAtTop
      if (!untrack(unsettled)) return
      batch(() => (arrived ? settle() : setShown(arrangeShown(untrack(options.live), options.onScreen(), untrack(shown)))))
    },
    settle,
  }
}

function sameOrder(a: readonly PaperId[], b: readonly PaperId[]): boolean {
  if (a === b) return true
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}
