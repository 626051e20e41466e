/**
 * Connects one list's Y.Doc to the relay with the stock y-websocket provider (opened by
 * `providerAdapter.ts`, which cuts updates larger than a frame into pieces and stops after
 * a close for size instead of retrying it), and carries presence (name, colour, what I am
 * looking at) through its awareness.
 *
 * The access tokens derived from the link secret travel as WebSocket subprotocols, never
 * in the URL, so they never reach a log. Reconnection with backoff is the provider's own,
 * except after the relay went away (1001, shutdown) or asked us to try later (1013): then
 * every client of a restarted relay would come back at the same moment, so each waits a
 * random delay instead (`installJitteredReconnect`).
 *
 * Presence leaves quickly: on `pagehide` the local state is removed (and sent) before the
 * page goes, and while open it is renewed every `PRESENCE_RENEW_MS`, so peers can drop a
 * device that vanished without a word after `PRESENCE_STALE_MS` (y-protocols' own timeout,
 * 30 s, cannot be set).
 */
import { removeAwarenessStates } from 'y-protocols/awareness'
import type { Awareness } from 'y-protocols/awareness'
import type { WebsocketProvider } from 'y-websocket'
import type * as Y from 'yjs'
import { accessProtocols } from './access.js'
import type { ListAccess } from './access.js'
import type { Identity } from './identity.js'
import { openProvider, reconnectControls } from './providerAdapter.js'
import type { ReconnectingProvider, SocketTraffic } from './providerAdapter.js'
import { JITTERED_CLOSE_CODES } from '../protocol/closeCodes.js'
import { windowEvents } from './windowEvents.js'
import { PRESENCE_RENEW_MS, PRESENCE_STALE_MS, toPresence } from './presence.js'
import type { PresenceState } from './presence.js'


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
  /** Frame size and bytes sent on this connection (the sync status reads them). */
  traffic: SocketTraffic
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
  /** Fires `pagehide` / `pageshow`. Default: the window where there is one. */
  pageEvents?: EventTarget | null
}

/** Opens the provider for a list; connects at once and reconnects on its own until destroyed. */
export async function connectRelay(options: RelayOptions): Promise<RelayConnection> {
  const protocols = await accessProtocols(options.access)
  const { provider, traffic } = openProvider({
    syncUrl: options.syncUrl,
    room: options.listId,
    doc: options.doc,
    protocols,
    ...(options.WebSocketPolyfill ? { WebSocketPolyfill: options.WebSocketPolyfill } : {}),
  })
  const removeJitter = installJitteredReconnect(reconnectControls(provider))
  const awareness = provider.awareness
  const base: PresenceState = { memberId: options.identity.memberId, name: options.identity.name, colour: options.identity.colour }
  awareness.setLocalState(base)
  const removePresenceLifecycle = keepPresenceFresh(awareness, options.pageEvents === undefined ? windowEvents() : options.pageEvents)
  return {
    provider,
    traffic,
    awareness,
    setViewing(paperId) {
      const current = (awareness.getLocalState() ?? base) as PresenceState
      if (current.viewing === paperId) return
      awareness.setLocalState({ ...current, viewing: paperId })
    },
    destroy() {
      removeJitter()
      removePresenceLifecycle()
      awareness.setLocalState(null)
      provider.destroy()
    },
  }
}

/**
 * Renews the local presence every `PRESENCE_RENEW_MS`; on `pagehide` removes it (the
 * provider sends the removal on its still open socket), and on a `pageshow` from the
 * back-forward cache puts it back. Returns a function that stops all of it.
 */
function keepPresenceFresh(awareness: Awareness, pageEvents: EventTarget | null): () => void {
  let hidden: unknown = null
  const renew = setInterval(() => {
    const state = awareness.getLocalState()
    if (state !== null) awareness.setLocalState(state)
  }, PRESENCE_RENEW_MS)
  const onPageHide = () => {
    hidden = awareness.getLocalState()
    removeAwarenessStates(awareness, [awareness.clientID], 'page hidden')
  }
  const onPageShow = (event: Event) => {
    if (!(event as PageTransitionEvent).persisted || hidden === null || awareness.getLocalState() !== null) return
    awareness.setLocalState(hidden as PresenceState)
    hidden = null
  }
  pageEvents?.addEventListener('pagehide', onPageHide)
  pageEvents?.addEventListener('pageshow', onPageShow)
  return () => {
    clearInterval(renew)
    pageEvents?.removeEventListener('pagehide', onPageHide)
    pageEvents?.removeEventListener('pageshow', onPageShow)
  }
}

