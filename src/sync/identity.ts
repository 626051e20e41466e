/**
 * Who I am on this device: a member id made once with `newMemberId()`, a display name and a
 * colour, kept in localStorage. Never the Yjs clientID, which changes per session and must
 * never be persisted or reused.
 */
import { newMemberId } from '../doc/ids.js'
import { FIELD_LIMITS, clampText } from '../doc/limits.js'
import type { MemberId } from '../doc/schema.js'
import { IDENTITY_STORAGE_KEY } from './deviceStorageKeys.js'

/** This device's member. */
export interface Identity {
  memberId: MemberId
  name: string
  colour: string
}

const KEY = IDENTITY_STORAGE_KEY

/** A palette readable as text background and as an avatar ring in light and dark themes. */
export const COLOURS = ['#e8590c', '#2f9e44', '#1971c2', '#9c36b5', '#c2255c', '#0c8599', '#f08c00', '#5f3dc4'] as const

/** Reads the stored identity; null on first run or if what is stored is unusable. */
export function loadIdentity(storage: Storage = localStorage): Identity | null {
  try {
    const raw = JSON.parse(storage.getItem(KEY) ?? 'null') as Partial<Identity> | null
    if (!raw || typeof raw.memberId !== 'string' || !raw.memberId || typeof raw.name !== 'string' || !raw.name.trim()) return null
    const colour = typeof raw.colour === 'string' && /^#[0-9a-f]{6}$/i.test(raw.colour) ? raw.colour : COLOURS[0]
    return { memberId: raw.memberId, name: raw.name, colour }
  } catch {
    return null
  }
}

/**
 * Sets the display name, creating the member id (and picking a colour) the first time.
 * The id of an existing identity is kept, so a rename keeps my votes.
 */
export function saveIdentity(name: string, storage: Storage = localStorage): Identity {
  const clean = clampText(name.replace(/\s+/g, ' ').trim(), FIELD_LIMITS.memberName)
  if (!clean) throw new Error('A display name cannot be empty.')
  const existing = loadIdentity(storage)
  const memberId = existing?.memberId ?? newMemberId()
  const identity: Identity = { memberId, name: clean, colour: existing?.colour ?? colourFor(memberId) }
  storage.setItem(KEY, JSON.stringify(identity))
  return identity
}

/** A stable colour for a member id, so the same person keeps their colour everywhere. */
export function colourFor(memberId: string): string {
  let hash = 0
  for (const char of memberId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0
  return COLOURS[hash % COLOURS.length]!
}
