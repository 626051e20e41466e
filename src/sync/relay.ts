/**
 * Connects one list's Y.Doc to the relay with the stock y-websocket provider, and carries
 * presence (name, colour, what I am looking at) through its awareness.
 *
 * The access tokens derived from the link secret travel as WebSocket subprotocols, never
 * in the URL, so they never reach a log. Reconnection with backoff is the provider's own,
 * except after the relay went away (1001, shutdown) or asked us to try later (1013): then
 * every client of a restarted relay would come back at the same moment, so each waits a
 * random delay instead (`installJitteredReconnect`).
 */
import { WebsocketProvider } from 'y-websocket'
import type { Awareness } from 'y-protocols/awareness'
import type * as Y from 'yjs'
import { accessProtocols } from './access.js'
import type { ListAccess } from './access.js'
import type { Identity } from './identity.js'
import { JITTERED_CLOSE_CODES } from '../protocol/closeCodes.js'

/** What a peer publishes about itself in awareness. */
export interface PresenceState {
  memberId: string
  name: string
  colour: string
  /** The paper the peer has open, if any. */
  viewing?: string
}

/** Jittered reconnects wait between these many milliseconds. */
export const RECONNECT_JITTER_MIN_MS = 500
export const RECONNECT_JITTER_MAX_MS = 10_000

/**
 * How long to wait before reconnecting after a close with `code`: a random delay for a relay
 * that went away or is overloaded, null (the provider's own backoff) for anything else.
 */
export function jitteredReconnectDelay(code: number | undefined, random: () => number = Math.random): number | null {
  if (code === undefined || !JITTERED_CLOSE_CODES.has(code)) return null
  return Math.round(RECONNECT_JITTER_MIN_MS + random() * (RECONNECT_JITTER_MAX_MS - RECONNECT_JITTER_MIN_MS))
}

/** The part of a `WebsocketProvider` the jittered reconnect uses. */
export interface ReconnectingProvider {
  shouldConnect: boolean
  connect(): void
  on(name: 'connection-close', listener: (event: { code: number } | null) => void): void
  off(name: 'connection-close', listener: (event: { code: number } | null) => void): void
}

/**
 * After a 1001/1013 close, stops the provider's immediate reconnect and reconnects after a
 * random delay instead. Returns a function that removes the behaviour (and a pending retry).
 */
export function installJitteredReconnect(
  provider: ReconnectingProvider,
  random: () => number = Math.random,
  schedule: (run: () => void, ms: number) => unknown = setTimeout,
  cancel: (handle: unknown) => void = (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
): () => void {
  let pending: unknown = null
  let removed = false
  const onClose = (event: { code: number } | null) => {
    const delay = jitteredReconnectDelay(event?.code, random)
    if (delay === null || !provider.shouldConnect) return
    // the provider's own retry, already scheduled, sees shouldConnect = false and does nothing
    provider.shouldConnect = false
    if (pending !== null) cancel(pending)
    pending = schedule(() => {
      pending = null
      if (!removed) provider.connect()
    }, delay)
  }
  provider.on('connection-close', onClose)
  return () => {
    removed = true
    provider.off('connection-close', onClose)
    if (pending !== null) cancel(pending)
    pending = null
  }
}

/** A live connection to the relay for one list. */
export interface RelayConnection {
  provider: WebsocketProvider
  awareness: Awareness
  /** Publishes what I am looking at (a paper id, or undefined for the list). */
  setViewing(paperId: string | undefined): void
  destroy(): void
}

/** Options for `connectRelay`. */
export interface RelayOptions {
  /** Base websocket URL of the sync endpoint, e.g. `wss://host/sync`. */
  syncUrl: string
  listId: string
  doc: Y.Doc
  access: ListAccess
  identity: Identity
  /** Override for tests in Node, which has no global WebSocket. */
  WebSocketPolyfill?: typeof WebSocket
}

/** Opens the provider for a list; connects at once and reconnects on its own until destroyed. */
export async function connectRelay(options: RelayOptions): Promise<RelayConnection> {
  const protocols = await accessProtocols(options.access)
  const provider = new WebsocketProvider(options.syncUrl, options.listId, options.doc, {
    protocols,
    // every change goes through the relay, so "on the relay" means what it says
    disableBc: true,
    ...(options.WebSocketPolyfill ? { WebSocketPolyfill: options.WebSocketPolyfill } : {}),
  })
  const removeJitter = installJitteredReconnect(provider as unknown as ReconnectingProvider)
  const awareness = provider.awareness
  const base: PresenceState = { memberId: options.identity.memberId, name: options.identity.name, colour: options.identity.colour }
  awareness.setLocalState(base)
  return {
    provider,
    awareness,
    setViewing(paperId) {
      const current = (awareness.getLocalState() ?? base) as PresenceState
      if (current.viewing === paperId) return
      awareness.setLocalState({ ...current, viewing: paperId })
    },
    destroy() {
      removeJitter()
      awareness.setLocalState(null)
      provider.destroy()
    },
  }
}

/** Reads a peer's awareness state; null if it is not a usable presence (peer input is data). */
export function toPresence(raw: unknown): PresenceState | null {
  if (!raw || typeof raw !== 'object') return null
  const state = raw as Record<string, unknown>
  if (typeof state.memberId !== 'string' || typeof state.name !== 'string') return null
  const colour = typeof state.colour === 'string' && /^#[0-9a-f]{6}$/i.test(state.colour) ? state.colour : '#888888'
  return {
    memberId: state.memberId.slice(0, 64),
    name: state.name.slice(0, 60) || 'Anonymous',
    colour,
    ...(typeof state.viewing === 'string' ? { viewing: state.viewing.slice(0, 2_000) } : {}),
  }
}
