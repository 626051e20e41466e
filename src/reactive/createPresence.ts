import { createComputed, createSignal, onCleanup } from 'solid-js'
import type { Accessor } from 'solid-js'
import type { Awareness } from 'y-protocols/awareness'
import { PRESENCE_STALE_MS, toPresence } from '../sync/presence.js'
import type { PresenceState } from '../sync/presence.js'

/** How often presence is re-read, so a peer that stopped renewing drops out on time. */
const STALE_CHECK_MS = 500

/** Awareness change sets, as y-protocols reports them. */
interface AwarenessChanges {
  added: number[]
  updated: number[]
  removed: number[]
}

const samePeers = (a: PresenceState[], b: PresenceState[]): boolean =>
  a.length === b.length && a.every((peer, i) => JSON.stringify(peer) === JSON.stringify(b[i]))

/**
 * Who is here now: the peers in a list's awareness (one entry per member, myself excluded),
 * sorted by name. A peer counts as here while it renews its presence: one not heard from
 * for `PRESENCE_STALE_MS` is left out (a device that lost its network cannot say goodbye).
 * Follows `awareness` as it appears (the relay connects after the first render) and stops
 * listening on owner cleanup. Peer states are validated, never trusted.
 */
export function createPresence(awareness: Accessor<Awareness | null>, myMemberId: string, now: () => number = Date.now): Accessor<PresenceState[]> {
  const [peers, setPeers] = createSignal<PresenceState[]>([], { equals: samePeers })
  createComputed(() => {
    const current = awareness()
    if (!current) return setPeers([])
    /** Last time each client was heard from; bounded by the clients in awareness. */
    const heard = new Map<number, number>()
    for (const clientId of current.getStates().keys()) heard.set(clientId, now())
    const refresh = () => {
      const byMember = new Map<string, PresenceState>()
      const time = now()
      for (const [clientId, raw] of current.getStates()) {
        if (clientId === current.clientID || time - (heard.get(clientId) ?? time) > PRESENCE_STALE_MS) continue
        const state = toPresence(raw)
        if (state && state.memberId !== myMemberId) byMember.set(state.memberId, state)
      }
      setPeers([...byMember.values()].sort((a, b) => a.name.localeCompare(b.name) || (a.memberId < b.memberId ? -1 : 1)))
    }
    const onUpdate = ({ added, updated, removed }: AwarenessChanges) => {
      const time = now()
      for (const clientId of [...added, ...updated]) heard.set(clientId, time)
      for (const clientId of removed) heard.delete(clientId)
      refresh()
    }
    current.on('update', onUpdate)
    const timer = setInterval(refresh, STALE_CHECK_MS)
    refresh()
    onCleanup(() => {
      clearInterval(timer)
      current.off('update', onUpdate)
    })
  })
  return peers
}
