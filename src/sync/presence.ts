/**
 * What a device says about itself in the relay's awareness, and how a peer's state is read.
 * Kept apart from `relay.ts`, so the list's header can show who is here without loading the
 * relay connection's code before the list's first paint.
 */
import { FIELD_LIMITS, clampText } from '../doc/limits.js'

/** What a peer publishes about itself in awareness. */
export interface PresenceState {
  memberId: string
  name: string
  colour: string
  /** The paper the peer has open, if any. */
  viewing?: string
}

/** Presence is renewed this often while the list is open. */
export const PRESENCE_RENEW_MS = 1_500
/** A peer not renewed for this long is no longer shown as here (three renewals missed). */
export const PRESENCE_STALE_MS = 4_500

/** Reads a peer's awareness state; null if it is not a usable presence (peer input is data). */
export function toPresence(raw: unknown): PresenceState | null {
  if (!raw || typeof raw !== 'object') return null
  const state = raw as Record<string, unknown>
  if (typeof state.memberId !== 'string' || typeof state.name !== 'string') return null
  const colour = typeof state.colour === 'string' && /^#[0-9a-f]{6}$/i.test(state.colour) ? state.colour : '#888888'
  return {
    memberId: state.memberId.slice(0, 64),
    name: clampText(state.name, FIELD_LIMITS.memberName) || 'Anonymous',
    colour,
    ...(typeof state.viewing === 'string' ? { viewing: state.viewing.slice(0, 2_000) } : {}),
  }
}
