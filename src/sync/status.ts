/**
 * Honest sync status for one list: is the relay reachable, and does this device hold
 * changes the relay has not confirmed?
 *
 * Connection: `offline` once an attempt failed (never `navigator.onLine`, which lies under
 * captive portals and test harnesses), `connecting` while the first attempt or the initial
 * exchange runs, `synced` once the relay answered our sync step 1 with its step 2.
 *
 * Changes not yet on the relay: the relay answers every sync step 1 with a step 2 and then
 * its own step 1 (its state vector). After local edits (debounced) we send a step 1 through
 * the provider's socket, read the relay's state vector from the reply, and compare:
 * - inserts: every client clock in our state vector must be covered by the relay's;
 * - deletions do not move state vectors, so each local transaction also bumps a sequence
 *   number, and a reply to a probe sent after transaction `n` (on the same ordered socket)
 *   confirms everything up to `n`.
 * The relay's state vector and both sequence numbers are kept per list in localStorage, so
 * the badge stays honest after an offline reload.
 */
import { createSignal } from 'solid-js'
import type { Accessor } from 'solid-js'
import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import type { WebsocketProvider } from 'y-websocket'
import { fromBase64Url, toBase64Url } from '../doc/ids.js'
import { LOCAL_ORIGIN } from '../doc/ops.js'
import { CLOSE } from '../protocol/closeCodes.js'
import { MESSAGE } from '../protocol/messages.js'

/** Whether the relay is reachable and the initial exchange is done. */
export type ConnectionState = 'offline' | 'connecting' | 'synced'

/** Reactive sync status of one list. */
export interface SyncStatus {
  connection: Accessor<ConnectionState>
  /** True while this device holds changes the relay has not confirmed. */
  unsynced: Accessor<boolean>
  /** Local edits not yet confirmed by the relay; 0 can still be unsynced (e.g. after a reload). */
  pending: Accessor<number>
  /** Set when the relay closed the connection for good (e.g. it refused the link's token). */
  refused: Accessor<boolean>
  /** Set when the relay refused a write because the list moved to a new link (its room is frozen). */
  moved: Accessor<boolean>
  /** Starts watching a provider; call once it exists. */
  attach(provider: WebsocketProvider): void
  destroy(): void
}

/** Probe delay after a local edit, and the cap of the backoff while the relay lags behind. */
const PROBE_DELAY_MS = 300
const PROBE_MAX_DELAY_MS = 30_000
/** A probe unanswered this long means the socket is dead (a network that drops packets never closes it). */
const REPLY_TIMEOUT_MS = 5_000
/** While idle and connected, probe this often, so a silently dead connection shows as offline. */
const KEEPALIVE_MS = 20_000

interface Persisted {
  sv: string
  seq: number
  confirmed: number
}

/** localStorage key of a list's last known relay state. */
export const relayStateKey = (listId: string): string => `shortlist.relay.${listId}`

/** True when `relay` holds every change counted in `local`. */
export function covers(relay: Map<number, number>, local: Map<number, number>): boolean {
  for (const [client, clock] of local) if ((relay.get(client) ?? 0) < clock) return false
  return true
}

/**
 * Tracks the sync status of `doc` (the list `listId`). Counts local edits from the moment
 * it is created, so create it before the first edit and `attach` the provider when it exists.
 */
export function trackSyncStatus(doc: Y.Doc, listId: string, storage: Storage | null = globalThis.localStorage ?? null): SyncStatus {
  const saved = load(storage, listId)
  let relaySv: Map<number, number> = saved ? decodeSv(saved.sv) : new Map()
  let seq = saved?.seq ?? 0
  let confirmed = saved?.confirmed ?? 0
  let probes: { seq: number; sv: Map<number, number> }[] = []
  let answering: { seq: number; sv: Map<number, number> } | null = null
  let provider: WebsocketProvider | null = null
  let probeTimer: ReturnType<typeof setTimeout> | undefined
  let replyTimer: ReturnType<typeof setTimeout> | undefined
  let backoff = PROBE_DELAY_MS
  let failedSinceConnected = false

  const [connection, setConnection] = createSignal<ConnectionState>('connecting')
  const [unsynced, setUnsynced] = createSignal(false)
  const [pending, setPending] = createSignal(0)
  const [refused, setRefused] = createSignal(false)
  const [moved, setMoved] = createSignal(false)

  const save = () => {
    try {
      storage?.setItem(relayStateKey(listId), JSON.stringify({ sv: toBase64Url(Y.encodeStateVector(relaySv)), seq, confirmed } satisfies Persisted))
    } catch {
      // storage full or refused: the status stays right for this session
    }
  }
  const recompute = () => {
    setPending(Math.max(0, seq - confirmed))
    setUnsynced(seq > confirmed || !covers(relaySv, Y.decodeStateVector(Y.encodeStateVector(doc))))
  }
  const refreshConnection = () => {
    if (!provider) return setConnection('connecting')
    if (provider.wsconnected) setConnection(provider.synced ? 'synced' : 'connecting')
    else setConnection(failedSinceConnected ? 'offline' : 'connecting')
  }
  const scheduleProbe = (delay: number) => {
    clearTimeout(probeTimer)
    probeTimer = setTimeout(probe, delay)
  }
  const probe = () => {
    const ws = provider?.ws
    if (!provider?.wsconnected || !ws || ws.readyState !== ws.OPEN) return
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, MESSAGE.sync)
    syncProtocol.writeSyncStep1(encoder, doc)
    probes.push({ seq, sv: Y.decodeStateVector(Y.encodeStateVector(doc)) })
    ws.send(encoding.toUint8Array(encoder))
    expectReply()
  }
  const expectReply = () => {
    if (replyTimer !== undefined) return
    const current = provider
    replyTimer = setTimeout(() => {
      replyTimer = undefined
      if (!current || current !== provider || !current.wsconnected) return
      // reconnect: the provider closes the dead socket at once and retries with backoff
      current.disconnect()
      current.connect()
    }, REPLY_TIMEOUT_MS)
  }
  const replied = () => {
    clearTimeout(replyTimer)
    replyTimer = undefined
    if (!probes.length) scheduleProbe(KEEPALIVE_MS)
  }
  const onRelayStateVector = (sv: Map<number, number>) => {
    relaySv = sv
    if (answering && covers(sv, answering.sv)) confirmed = Math.max(confirmed, answering.seq)
    answering = null
    save()
    recompute()
    if (unsynced()) {
      clearTimeout(probeTimer)
      probeTimer = setTimeout(probe, backoff)
      backoff = Math.min(backoff * 2, PROBE_MAX_DELAY_MS)
    } else {
      backoff = PROBE_DELAY_MS
    }
  }

  const onUpdate = (update: Uint8Array, origin: unknown) => {
    if (origin === LOCAL_ORIGIN) {
      seq += 1
      save()
      backoff = PROBE_DELAY_MS
      scheduleProbe(PROBE_DELAY_MS)
    } else if (provider && origin === provider) {
      // it came from the relay, so the relay has it
      const incoming = Y.decodeStateVector(Y.encodeStateVectorFromUpdate(update))
      for (const [client, clock] of incoming) if ((relaySv.get(client) ?? 0) < clock) relaySv.set(client, clock)
    }
    recompute()
  }
  doc.on('update', onUpdate)
  recompute()

  const onStatus = ({ status }: { status: 'connected' | 'disconnected' | 'connecting' }) => {
    if (status === 'connected') {
      failedSinceConnected = false
      setRefused(false)
      // the provider sends its own sync step 1 right after this event: count it as a probe
      probes = [{ seq, sv: Y.decodeStateVector(Y.encodeStateVector(doc)) }]
      answering = null
      expectReply()
    } else if (status === 'disconnected') {
      failedSinceConnected = true
      probes = []
      answering = null
      clearTimeout(replyTimer)
      replyTimer = undefined
      clearTimeout(probeTimer)
    }
    refreshConnection()
  }
  const onConnectionClose = () => {
    failedSinceConnected = true
    refreshConnection()
  }
  const onSync = () => refreshConnection()
  const onClosed = (event?: { code: number } | null) => {
    if (event?.code === CLOSE.frozen.code) setMoved(true)
    setRefused(true)
    failedSinceConnected = true
    refreshConnection()
  }

  return {
    connection,
    unsynced,
    pending,
    refused,
    moved,
    attach(next) {
      provider = next
      const original = next.messageHandlers[MESSAGE.sync]!
      next.messageHandlers[MESSAGE.sync] = (encoder, decoder, prov, emitSynced, messageType) => {
        peek(decoder)
        original(encoder, decoder, prov, emitSynced, messageType)
      }
      next.on('status', onStatus)
      next.on('connection-close', onConnectionClose)
      next.on('sync', onSync)
      next.on('closed', onClosed)
      refreshConnection()
    },
    destroy() {
      clearTimeout(probeTimer)
      clearTimeout(replyTimer)
      doc.off('update', onUpdate)
      provider?.off('status', onStatus)
      provider?.off('connection-close', onConnectionClose)
      provider?.off('sync', onSync)
      provider?.off('closed', onClosed)
    },
  }

  /** Reads the sync message type (and a step 1's state vector) without consuming the decoder. */
  function peek(decoder: decoding.Decoder) {
    try {
      const copy = decoding.clone(decoder)
      const type = decoding.readVarUint(copy)
      if (type === syncProtocol.messageYjsSyncStep2) {
        answering = probes.shift() ?? null
        replied()
      }
      else if (type === syncProtocol.messageYjsSyncStep1) onRelayStateVector(Y.decodeStateVector(decoding.readVarUint8Array(copy)))
    } catch {
      // a malformed frame is the provider's to handle; status stays as it was
    }
  }
}

function load(storage: Storage | null, listId: string): Persisted | null {
  try {
    const raw = JSON.parse(storage?.getItem(relayStateKey(listId)) ?? 'null') as Partial<Persisted> | null
    if (!raw || typeof raw.sv !== 'string' || !Number.isSafeInteger(raw.seq) || !Number.isSafeInteger(raw.confirmed)) return null
    return { sv: raw.sv, seq: raw.seq!, confirmed: raw.confirmed! }
  } catch {
    return null
  }
}

function decodeSv(text: string): Map<number, number> {
  try {
    return Y.decodeStateVector(fromBase64Url(text))
  } catch {
    return new Map()
  }
}
