import { For, Show } from 'solid-js'
import type { PresenceState } from '../../sync/presence.js'
import { textColourOn } from '../colour.js'

/** Initials for an avatar: first letters of the first two words. */
export const initials = (name: string): string =>
  name.trim().split(/\s+/).slice(0, 2).map((word) => [...word][0] ?? '').join('').toUpperCase() || '?'

/** Avatars shown; the rest are counted ("+3"). */
const AVATARS = 5
/** Names the label and the "+3" tooltip spell out: awareness can hold any number of peers. */
const NAMED = 30

const nameList = (peers: PresenceState[]): string =>
  peers.slice(0, NAMED).map((peer) => peer.name).join(', ') + (peers.length > NAMED ? ` and ${peers.length - NAMED} more` : '')

/** Avatars of the people here now. Names render as text. */
export function Presence(props: { peers: PresenceState[]; me: { name: string; colour: string } }) {
  const label = () => `Here now: you${props.peers.length ? ', ' + nameList(props.peers) : ''}`
  return (
    <ul class="presence" aria-label={label()}>
      <li class="avatar me" style={{ '--c': props.me.colour, '--on-c': textColourOn(props.me.colour) }} title={`${props.me.name} (you)`}>{initials(props.me.name)}</li>
      <For each={props.peers.slice(0, AVATARS)}>
        {(peer) => <li class="avatar" style={{ '--c': peer.colour, '--on-c': textColourOn(peer.colour) }} title={peer.name} data-member={peer.memberId}>{initials(peer.name)}</li>}
      </For>
      <Show when={props.peers.length > AVATARS}>
        <li class="avatar more" title={nameList(props.peers.slice(AVATARS))}>+{props.peers.length - AVATARS}</li>
      </Show>
    </ul>
  )
}
