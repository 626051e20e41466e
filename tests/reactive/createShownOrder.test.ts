import { batch, createRoot, createSignal } from 'solid-js'
import fc from 'fast-check'
import { expect, test } from 'vitest'
import type { PaperId } from '../../src/doc/ids.js'
import { arrangeShown, createShownOrder, placesToSettle } from '../../src/reactive/createShownOrder.js'

const ids = (text: string) => text.split('') as PaperId[]

test('nothing on screen: the shown order is the live order itself', () => {
  const live = ids('abcdef')
  expect(arrangeShown(live, [])).toBe(live)
  expect(arrangeShown(live, ids('xy'))).toBe(live)
})

test('a row on screen voted up stays in its place among the rows on screen', () => {
  // shown a b c d e f, the reader sees c d e; e is voted to the top
  const live = ids('eabcdf')
  expect(arrangeShown(live, ids('cde'), ids('abcdef')).join('')).toBe('abcdef')
  // two rows on screen, one voted to the top: the run stays where it was
  expect(arrangeShown(ids('eabcd'), ids('de'), ids('abcde')).join('')).toBe('abcde')
})

test('a row on screen voted down stays; the rows after it follow the live order', () => {
  // shown a b c d e f g, the reader sees b c d; b drops below f
  const live = ids('acdefbg')
  expect(arrangeShown(live, ids('bcd'), ids('abcdefg')).join('')).toBe('abcdefg')
  expect(arrangeShown(ids('acdb'), ids('bc'), ids('abcd')).join('')).toBe('abcd')
})

test('a paper from off screen voted above the rows on screen goes above them (the list keeps them in place by scrolling)', () => {
  const live = ids('gabcdef')
  expect(arrangeShown(live, ids('abc'), ids('abcdefg')).join('')).toBe('gabcdef')
  // in the middle of the rows on screen it waits below them
  expect(arrangeShown(ids('abgcdef'), ids('abc'), ids('abcdefg')).join('')).toBe('abcgdef')
})

test('rows on screen that already stand together in the live order settle silently', () => {
  const live = ids('acdebf')
  const shown = arrangeShown(live, ids('cde'), ids('abcdef'))
  expect(shown).toBe(live)
})

test('a row on screen that left the live order is dropped, the others stay together', () => {
  expect(arrangeShown(ids('eabdf'), ids('cde'), ids('abcdef')).join('')).toBe('abdef')
})

test('the shown order holds every live id once, the rows on screen in a run in their order, the rest in live order', () => {
  fc.assert(
    fc.property(
      fc.uniqueArray(fc.integer({ min: 0, max: 60 }), { minLength: 1, maxLength: 40 }),
      fc.nat(),
      fc.nat({ max: 12 }),
      fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 8 }),
      (numbers, seed, length, shuffle) => {
        const previous = numbers.map((n) => `p${n}` as PaperId)
        const start = seed % previous.length
        const onScreen = previous.slice(start, start + length)
        // the live order: the previous one with a few ids moved to the front and one removed
        const moved = shuffle.map((n) => previous[n % previous.length]!)
        const live = [...new Set([...moved, ...previous])].filter((id, at) => at !== seed % 7)
        const shown = arrangeShown(live, onScreen, previous)
        expect([...shown].sort()).toEqual([...live].sort())
        const kept = onScreen.filter((id) => live.includes(id))
        if (kept.length) {
          const first = shown.indexOf(kept[0]!)
          expect(shown.slice(first, first + kept.length)).toEqual(kept)
        }
        const rest = (order: readonly PaperId[]) => order.filter((id) => !kept.includes(id))
        expect(rest(shown)).toEqual(rest(live))
      },
    ),
  )
})

/** The arrangement as first written: one pass over the live order with a set of the rows on screen. */
function arrangeByScan(live: readonly PaperId[], onScreen: readonly PaperId[], previous: readonly PaperId[]): readonly PaperId[] {
  if (!onScreen.length) return live
  const held = new Set(onScreen)
  const present = new Set<PaperId>()
  const preceding: number[] = []
  let free = 0
  for (const id of live) {
    if (held.has(id)) {
      present.add(id)
      preceding.push(free)
    } else free++
  }
  if (!present.size) return live
  const lower = preceding[(preceding.length - 1) >> 1]!
  const upper = preceding[preceding.length >> 1]!
  const was = previous.indexOf(onScreen[0]!)
  const before = Math.min(upper, Math.max(lower, was < 0 ? lower : was))
  const run = onScreen.filter((id) => present.has(id))
  const shown: PaperId[] = []
  let placed = 0
  for (const id of live) {
    if (held.has(id)) continue
    if (placed === before) shown.push(...run)
    shown.push(id)
    placed++
  }
  if (placed === before) shown.push(...run)
  return shown.length === live.length && shown.every((id, at) => id === live[at]) ? live : shown
}

test('the arrangement by look-ups gives what one pass over the live order gives, and the live order itself when nothing is held', () => {
  fc.assert(
    fc.property(
      fc.uniqueArray(fc.integer({ min: 0, max: 60 }), { minLength: 1, maxLength: 40 }),
      fc.nat(),
      fc.nat({ max: 12 }),
      fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 8 }),
      fc.boolean(),
      (numbers, seed, length, shuffle, knownBefore) => {
        const previous = numbers.map((n) => `p${n}` as PaperId)
        const start = seed % previous.length
        const onScreen = previous.slice(start, start + length)
        const moved = shuffle.map((n) => previous[n % previous.length]!)
        const live = [...new Set([...moved, ...previous])].filter((id, at) => at !== seed % 7)
        const before = knownBefore ? previous : []
        const shown = arrangeShown(live, onScreen, before)
        const expected = arrangeByScan(live, onScreen, before)
        expect(shown).toEqual(expected)
        expect(shown === live).toBe(expected === live)
      },
    ),
    { numRuns: 500 },
  )
})

test('places to settle counts the places that differ', () => {
  const live = ids('eabcd')
  expect(placesToSettle(live, live)).toBe(0)
  expect(placesToSettle(ids('abcde'), live)).toBe(5)
  expect(placesToSettle(ids('eabdc'), live)).toBe(2)
  expect(placesToSettle(ids('eab'), live)).toBe(2)
})

test('the reactive order holds the rows on screen, follows a new query at once, and settles at the top or on request', () => {
  createRoot((dispose) => {
    const [live, setLive] = createSignal<readonly PaperId[]>(ids('abcdef'))
    const [query, setQuery] = createSignal('')
    let onScreen: PaperId[] = []
    const order = createShownOrder({ live, onScreen: () => onScreen, resetKey: query })
    expect(order.ids().join('')).toBe('abcdef')
    expect(order.unsettled()).toBe(0)
    expect(order.liveRank('c' as PaperId)).toBeNull()

    // the reader looks at b c d and d is voted to the top
    onScreen = ids('bcd')
    order.viewMoved(false)
    setLive(ids('dabcef'))
    expect(order.ids().join('')).toBe('abcdef')
    expect(order.unsettled()).toBe(4)
    expect(order.liveRank('d' as PaperId)).toBe(1)
    expect(order.liveRank('b' as PaperId)).toBe(3)

    // scrolling on without reaching the top keeps the rows on screen
    onScreen = ids('cde')
    order.viewMoved(false)
    expect(order.ids().join('')).toBe('abcdef')
    // d scrolled out of sight: it settles where it belongs
    onScreen = ids('ef')
    order.viewMoved(false)
    expect(order.ids().join('')).toBe('dabcef')
    expect(order.unsettled()).toBe(0)

    // the chip settles on request
    onScreen = ids('abc')
    setLive(ids('dbacef'))
    expect(order.ids().join('')).toBe('dabcef')
    expect(order.unsettled()).toBe(2)
    order.settle()
    expect(order.ids().join('')).toBe('dbacef')

    // returning to the top settles
    onScreen = ids('dab')
    order.viewMoved(false)
    setLive(ids('bfdace'))
    expect(order.ids().join('')).not.toBe('bfdace')
    order.viewMoved(true)
    expect(order.ids().join('')).toBe('bfdace')

    // the reader's own query takes the live order at once, even with rows on screen
    onScreen = ids('bfd')
    batch(() => {
      setQuery('graph')
      setLive(ids('dfb'))
    })
    expect(order.ids().join('')).toBe('dfb')
    dispose()
  })
})

test('a seed (a cached view) keeps its rows on screen when the live order arrives', () => {
  createRoot((dispose) => {
    const live = ids('xabcdef')
    const order = createShownOrder({ live: () => live, onScreen: () => [], seed: { ids: ids('abc'), onScreen: ids('abc') } })
    expect(order.ids().join('')).toBe('xabcdef')
    const moved = createShownOrder({ live: () => ids('cabdef'), onScreen: () => [], seed: { ids: ids('abcd'), onScreen: ids('abcd') } })
    expect(moved.ids().join('')).toBe('abcdef')
    expect(moved.liveRank('c' as PaperId)).toBe(1)
    dispose()
  })
})
