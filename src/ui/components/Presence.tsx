import { For, Show } from 'solid-js'
import type { PresenceState } from '../../sync/presence.js'
import { textColourOn } from '../colour.js'

/** Initials for an avatar: first letters of the first two words. */
export const initials = (name: string): string =>
  name.trim().split(/\s+/).slice(0, 2).map((word) => [...word][0] ?? '').join('').toUpperCase() || '?'

/** Avatars of the people here now. Names render as text. */
export function Presence(props: { peers: PresenceState[]; me: { name: string; colour: string } }) {
  const label = () => `Here now: you${props.peers.length ? ', ' + props.peers.map((peer) => peer.name).join(', ') : ''}`
  return (
    <ul class="presence" aria-label={label()}>
      <li class="avatar me" style={{ '--c': props.me.colour, '--on-c': textColourOn(props.me.colour) }} title={`${props.me.name} (you)`}>{initials(props.me.name)}</li>
      <For each={props.peers.slice(0, 5)}>
        {(peer) => <li class="avatar" style={{ '--c': peer.colour, '--on-c': textColourOn(peer.colour) }} title={peer.name} data-member={peer.memberId}>{initials(peer.name)}</li>}
      </For>
      <Show when={props.peers.length > 5}>
        <li class="avatar more" title={props.peers.slice(5).map((peer) => peer.name).join(', ')}>+{props.peers.length - 5}</li>
      </Show>
    </ul>
  )
}
