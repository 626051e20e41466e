/**
 * Who is here now: two real awareness instances exchanging updates as the relay forwards
 * them; a peer that stops renewing drops out after the presence timeout, one that leaves
 * drops out at once.
 */
import { createRoot } from 'solid-js'
import { afterEach, expect, test, vi } from 'vitest'
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness'
import * as Y from 'yjs'
import { createPresence } from '../../src/reactive/createPresence.js'
import { PRESENCE_RENEW_MS, PRESENCE_STALE_MS } from '../../src/sync/presence.js'

afterEach(() => {
  vi.useRealTimers()
})

/** Two awareness instances, each forwarding its updates to the other (as the relay would). */
function pair() {
  const mine = new Awareness(new Y.Doc())
  const theirs = new Awareness(new Y.Doc())
  let linked = true
  theirs.on('update', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
    if (linked) applyAwarenessUpdate(mine, encodeAwarenessUpdate(theirs, [...added, ...updated, ...removed]), 'relay')
  })
  mine.setLocalState({ memberId: 'me', name: 'Me', colour: '#111111' })
  theirs.setLocalState({ memberId: 'bo', name: 'Bo', colour: '#222222' })
  return { mine, theirs, cut: () => (linked = false) }
}

test('a peer that renews stays; one that goes silent drops out after the presence timeout; one that leaves drops out at once', () => {
  vi.useFakeTimers()
  const { mine, theirs, cut } = pair()
  createRoot((dispose) => {
    const peers = createPresence(() => mine, 'me')
    expect(peers().map((p) => p.name)).toEqual(['Bo'])
    // renewing (what connectRelay does every PRESENCE_RENEW_MS) keeps the peer here
    for (let t = 0; t < PRESENCE_STALE_MS * 3; t += PRESENCE_RENEW_MS) {
      vi.advanceTimersByTime(PRESENCE_RENEW_MS)
      theirs.setLocalState(theirs.getLocalState())
      expect(peers().map((p) => p.name)).toEqual(['Bo'])
    }
    // the peer's network vanishes: nothing more arrives
    cut()
    vi.advanceTimersByTime(PRESENCE_STALE_MS - 600)
    expect(peers().map((p) => p.name)).toEqual(['Bo'])
    vi.advanceTimersByTime(1_200)
    expect(peers()).toEqual([])
    dispose()
  })
})

test('a removal (pagehide, or the relay seeing the socket close) takes the peer out at once', () => {
  const { mine, theirs } = pair()
  createRoot((dispose) => {
    const peers = createPresence(() => mine, 'me')
    expect(peers()).toHaveLength(1)
    removeAwarenessStates(theirs, [theirs.clientID], 'page hidden')
    expect(peers()).toEqual([])
    dispose()
  })
})
