import { createComputed, createSignal, onCleanup } from 'solid-js'
import type { Accessor } from 'solid-js'
import type { Awareness } from 'y-protocols/awareness'
import { toPresence } from '../sync/relay.js'
import type { PresenceState } from '../sync/relay.js'

/**
 * Who is here now: the peers in a list's awareness (one entry per member, myself excluded),
 * sorted by name. Follows `awareness` as it appears (the relay connects after the first
 * render) and stops listening on owner cleanup. Peer states are validated, never trusted.
 */
export function createPresence(awareness: Accessor<Awareness | null>, myMemberId: string): Accessor<PresenceState[]> {
  const [peers, setPeers] = createSignal<PresenceState[]>([])
  createComputed(() => {
    const current = awareness()
    if (!current) return setPeers([])
    const refresh = () => {
      const byMember = new Map<string, PresenceState>()
      for (const [clientId, raw] of current.getStates()) {
        if (clientId === current.clientID) continue
        const state = toPresence(raw)
        if (state && state.memberId !== myMemberId) byMember.set(state.memberId, state)
      }
      setPeers([...byMember.values()].sort((a, b) => a.name.localeCompare(b.name) || (a.memberId < b.memberId ? -1 : 1)))
    }
    current.on('change', refresh)
    refresh()
    onCleanup(() => current.off('change', refresh))
  })
  return peers
}
