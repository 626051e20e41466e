/**
 * Connects one list's Y.Doc to the relay with the stock y-websocket provider, and carries
 * presence (name, colour, what I am looking at) through its awareness.
 *
 * The access tokens derived from the link secret travel as WebSocket subprotocols, never
 * in the URL, so they never reach a log. Reconnection with backoff is the provider's own.
 */
import { WebsocketProvider } from 'y-websocket'
import type { Awareness } from 'y-protocols/awareness'
import type * as Y from 'yjs'
import { accessProtocols } from './access.js'
import type { ListAccess } from './access.js'
import type { Identity } from './identity.js'

/** What a peer publishes about itself in awareness. */
export interface PresenceState {
  memberId: string
  name: string
  colour: string
  /** The paper the peer has open, if any. */
  viewing?: string
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
