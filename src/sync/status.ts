/**
 * Honest sync status for one list: is the relay reachable, and does this device hold
 * changes the relay has not confirmed?
 *
 * Connection: `offline` once an attempt failed or the browser fired `offline` (then the
 * socket is dropped at once; `navigator.onLine` itself is never read, it lies under captive
 * portals and test harnesses), `connecting` while the first attempt or the initial exchange
 * runs, `synced` once the relay answered our sync step 1 with its step 2. The browser's
 * `online` event reconnects at once, and the badge turns back when the relay answers.
 *
 * Changes not yet on the relay: the relay answers every sync step 1 with a step 2 and then
 * its own step 1 (its state vector). After local edits (debounced) we send a step 1 on the
 * provider's socket, read the relay's state vector from the reply, and compare:
 * - inserts: every client clock in our state vector must be covered by the relay's;
 * - deletions do not move state vectors, so each local transaction also bumps a sequence
 *   number, and a reply to a probe sent after transaction `n` (on the same ordered socket)
 *   confirms everything up to `n`.
 * What the relay is known to hold is kept per list (`relayKnowledge.ts`), so the badge stays
 * honest after an offline reload. The provider's internals are reached only through
 * `providerAdapter.ts`.
 */
import { createSignal } from 'solid-js'
import type { Accessor } from 'solid-js'
import * as Y from 'yjs'
import type { WebsocketProvider } from 'y-websocket'
import { LOCAL_ORIGIN } from '../doc/ops.js'
import { CLOSE } from '../protocol/closeCodes.js'
import type { SocketTraffic } from './providerAdapter.js'
import { isConnected, restartConnection, sendSyncStep1, watchSyncReplies } from './providerWatch.js'
import type { SyncReply } from './providerWatch.js'
import {
  isUnsynced, loadKnowledge, noteRelayHas, noteRelayStateVector, pendingCount, saveKnowledge, stateVectorOf,
} from './relayKnowledge.js'
import type { Probe, RelayKnowledge } from './relayKnowledge.js'
import { windowEvents } from './windowEvents.js'

/** Whether the relay is reachable and the initial exchange is done. */
export type ConnectionState = 'offline' | 'connecting' | 'synced'

/**
 * Why the relay stopped this connection for good: the list moved to a new link (4410), a
 * change is larger than the relay takes even in the smallest frames (1009), the list is at
 * the relay's size cap (4413), a writer deleted it for everyone (4411), or anything else the
 * relay refused (e.g. the link's token).
 */
export type StopReason = 'moved' | 'too-large' | 'room-full' | 'deleted' | 'refused'

/** Reactive sync status of one list. */
export interface SyncStatus {
  connection: Accessor<ConnectionState>
  /** True while this device holds changes the relay has not confirmed. */
  unsynced: Accessor<boolean>
  /** Local edits not yet confirmed by the relay; 0 can still be unsynced (e.g. after a reload). */
  pending: Accessor<number>
  /** Set when the relay closed the connection for good (any `StopReason`). */
  refused: Accessor<boolean>
  /** Set when the relay refused a write because the list moved to a new link (its room is frozen). */
  moved: Accessor<boolean>
  /** Why the relay stopped the connection for good, or null while it has not. */
  stopped: Accessor<StopReason | null>
  /**
   * Set while the relay says it cannot store anything (its database is down: close code
   * `storeUnavailable`): edits stay on this device and go out once the relay syncs again.
   */
  cannotSave: Accessor<boolean>
  /**
   * Starts watching a provider; call once it exists. With its `traffic`, a probe behind a
   * big upload is given time in proportion before the socket counts as dead.
   */
  attach(provider: WebsocketProvider, traffic?: SocketTraffic): void
  destroy(): void
}

/** Where the status keeps what it knows, and where it hears about the network. */
export interface StatusOptions {
  /** Default: `localStorage` where it exists. */
  storage?: Storage | null
  /** Fires `offline` / `online`. Default: the window where there is one. */
  network?: EventTarget | null
}

/** Probe delay after a local edit, and the cap of the backoff while the relay lags behind. */
const PROBE_DELAY_MS = 300
const PROBE_MAX_DELAY_MS = 30_000
/** A probe unanswered this long means the socket is dead (a network that drops packets never closes it). */
const REPLY_TIMEOUT_MS = 5_000
/**
 * Extra wait per MiB sent since the relay last answered: the relay checks and stores a big
 * upload before it answers the probe behind it, and says nothing meanwhile.
 */
const REPLY_ALLOWANCE_MS_PER_MIB = 5_000
/** While idle and connected, probe this often, so a silently dead connection shows as offline. */
const KEEPALIVE_MS = 20_000

/** The stop reason for a close the provider will not retry. */
export function stopReasonFor(code: number | undefined): StopReason {
  if (code === CLOSE.frozen.code) return 'moved'
  if (code === CLOSE.tooBig.code) return 'too-large'
  if (code === CLOSE.roomFull.code) return 'room-full'
  if (code === CLOSE.deleted.code) return 'deleted'
  return 'refused'
}

/**
 * Our sync step 1s in flight, which one the relay is answering, and the timers around them:
 * the debounced probe after an edit (backing off while the relay lags), the keepalive probe,
 * and the reply timeout that declares a silent socket dead.
 */
class ProbeSchedule {
  private sent: Probe[] = []
  private answering: Probe | null = null
  private backoff = PROBE_DELAY_MS
  private probeTimer: ReturnType<typeof setTimeout> | undefined
  private replyTimer: ReturnType<typeof setTimeout> | undefined

  /** Bytes sent on the socket when the relay last answered (`hooks.bytesSent` counts them). */
  private sentAtReply = 0

  constructor(private readonly hooks: { probe(): void; dead(): void; bytesSent(): number }) {}

  /** A local edit: probe soon. */
  afterEdit(): void {
    this.backoff = PROBE_DELAY_MS
    this.schedule(PROBE_DELAY_MS)
  }

  /** A probe (or the provider's own step 1 on connect, `fresh`) went out: expect a reply. */
  sentProbe(probe: Probe, fresh = false): void {
    if (fresh) {
      this.sent = []
      this.answering = null
    }
    this.sent.push(probe)
    if (this.replyTimer !== undefined) return
    const allowance = Math.ceil((this.hooks.bytesSent() - this.sentAtReply) / (1024 * 1024)) * REPLY_ALLOWANCE_MS_PER_MIB
    this.replyTimer = setTimeout(() => {
      this.replyTimer = undefined
      this.hooks.dead()
    }, REPLY_TIMEOUT_MS + allowance)
  }

  /** The relay's step 2 arrived: it answers the oldest probe, and its step 1 follows. */
  replyStarted(): void {
    this.sentAtReply = this.hooks.bytesSent()
    this.answering = this.sent.shift() ?? null
    clearTimeout(this.replyTimer)
    this.replyTimer = undefined
    if (this.sent.length === 0) this.schedule(KEEPALIVE_MS)
  }

  /** The probe the relay's state vector answers (once). */
  takeAnswered(): Probe | null {
    const answered = this.answering
    this.answering = null
    return answered
  }

  /** The relay still lacks something: probe again, backing off. */
  retryLater(): void {
    this.schedule(this.backoff)
    this.backoff = Math.min(this.backoff * 2, PROBE_MAX_DELAY_MS)
  }

  /** The relay has everything: the next edit probes quickly again. */
  settled(): void {
    this.backoff = PROBE_DELAY_MS
  }

  /** The socket is gone: forget probes in flight and stop the timers. */
  reset(): void {
    this.sent = []
    this.answering = null
    clearTimeout(this.replyTimer)
    this.replyTimer = undefined
    clearTimeout(this.probeTimer)
  }

  private schedule(delay: number): void {
    clearTimeout(this.probeTimer)
    this.probeTimer = setTimeout(() => this.hooks.probe(), delay)
  }
}

/** The connection state shown for a provider (null before one is attached). */
function connectionOf(provider: WebsocketProvider | null, failedSinceConnected: boolean): ConnectionState {
  if (!provider) return 'connecting'
  if (isConnected(provider)) return provider.synced ? 'synced' : 'connecting'
  return failedSinceConnected ? 'offline' : 'connecting'
}

/**
 * Tracks the sync status of `doc` (the list `listId`). Counts local edits from the moment
 * it is created, so create it before the first edit and `attach` the provider when it exists.
 */
export function trackSyncStatus(doc: Y.Doc, listId: string, options: StatusOptions = {}): SyncStatus {
  const storage = options.storage === undefined ? (globalThis.localStorage ?? null) : options.storage
  const network = options.network === undefined ? windowEvents() : options.network
  const knowledge: RelayKnowledge = loadKnowledge(storage, listId)
  let provider: WebsocketProvider | null = null
  let traffic: SocketTraffic | null = null
  let unwatch: (() => void) | null = null
  let failedSinceConnected = false

  const [connection, setConnection] = createSignal<ConnectionState>('connecting')
  const [unsynced, setUnsynced] = createSignal(false)
  const [pending, setPending] = createSignal(0)
  const [stopped, setStopped] = createSignal<StopReason | null>(null)
  const [cannotSave, setCannotSave] = createSignal(false)

  const refreshCounts = () => {
    setPending(pendingCount(knowledge))
    setUnsynced(isUnsynced(knowledge, doc))
  }
  const refreshConnection = () => setConnection(connectionOf(provider, failedSinceConnected))
  const markOffline = () => {
    failedSinceConnected = true
    refreshConnection()
  }
  /** Step: the provider's socket closed (it retries unless the close was permanent). */
  const onConnectionClose = (event?: { code: number } | null) => {
    if (event?.code === CLOSE.storeUnavailable.code) setCannotSave(true)
    markOffline()
  }
  /** Step: the relay synced with us again, so it can store. */
  const onSync = (synced: boolean) => {
    if (synced) setCannotSave(false)
    refreshConnection()
  }

  const probes = new ProbeSchedule({
    probe() {
      if (provider && sendSyncStep1(provider, doc)) probes.sentProbe({ seq: knowledge.seq, sv: stateVectorOf(doc) })
    },
    dead() {
      // the provider closes the dead socket at once and retries with backoff
      if (provider && isConnected(provider)) restartConnection(provider)
    },
    bytesSent: () => traffic?.bytesSent ?? 0,
  })

  /** Step: a transaction on the doc, ours (count it, probe soon) or the relay's (it holds that). */
  const onUpdate = (update: Uint8Array, origin: unknown) => {
    if (origin === LOCAL_ORIGIN) {
      knowledge.seq += 1
      saveKnowledge(storage, listId, knowledge)
      probes.afterEdit()
    } else if (provider && origin === provider) {
      noteRelayHas(knowledge, update)
    }
    refreshCounts()
  }

  /** Step: the relay's replies to our step 1s. */
  const onSyncReply = (reply: SyncReply) => {
    if (reply.type === 'step2') probes.replyStarted()
    else if (reply.type === 'step1') onRelayStateVector(stateVectorFromBytes(reply.stateVector))
  }
  const onRelayStateVector = (sv: Map<number, number> | null) => {
    if (!sv) return
    noteRelayStateVector(knowledge, sv, probes.takeAnswered())
    saveKnowledge(storage, listId, knowledge)
    refreshCounts()
    if (unsynced()) probes.retryLater()
    else probes.settled()
  }

  /** Step: the provider's connection events. */
  const onStatus = ({ status }: { status: 'connected' | 'disconnected' | 'connecting' }) => {
    if (status === 'connected') {
      failedSinceConnected = false
      // a moved list stays moved: its room refuses every write, whatever the connection
      if (stopped() !== 'moved') setStopped(null)
      // the provider sends its own sync step 1 right after this event: count it as a probe
      probes.sentProbe({ seq: knowledge.seq, sv: stateVectorOf(doc) }, true)
    } else if (status === 'disconnected') {
      failedSinceConnected = true
      probes.reset()
    }
    refreshConnection()
  }
  const onClosed = (event?: { code: number } | null) => {
    setStopped(stopReasonFor(event?.code))
    markOffline()
  }

  /** Step: the browser says the network went away (drop the socket now) or came back (retry now). */
  const onOffline = () => {
    markOffline()
    setConnection('offline')
    if (provider && isConnected(provider)) restartConnection(provider)
  }
  const onOnline = () => {
    if (provider && !isConnected(provider) && stopped() === null) restartConnection(provider)
  }

  doc.on('update', onUpdate)
  network?.addEventListener('offline', onOffline)
  network?.addEventListener('online', onOnline)
  refreshCounts()

  return {
    connection,
    unsynced,
    pending,
    refused: () => stopped() !== null,
    moved: () => stopped() === 'moved',
    stopped,
    cannotSave,
    attach(next, nextTraffic) {
      provider = next
      traffic = nextTraffic ?? null
      unwatch = watchSyncReplies(next, onSyncReply)
      next.on('status', onStatus)
      next.on('connection-close', onConnectionClose)
      next.on('sync', onSync)
      next.on('closed', onClosed)
      refreshConnection()
    },
    destroy() {
      probes.reset()
      doc.off('update', onUpdate)
      network?.removeEventListener('offline', onOffline)
      network?.removeEventListener('online', onOnline)
      unwatch?.()
      provider?.off('status', onStatus)
      provider?.off('connection-close', onConnectionClose)
      provider?.off('sync', onSync)
      provider?.off('closed', onClosed)
    },
  }
}

/** A relay's state vector from the wire; null if it does not decode (the provider reports bad frames). */
function stateVectorFromBytes(bytes: Uint8Array): Map<number, number> | null {
  try {
    return Y.decodeStateVector(bytes)
  } catch {
    return null
  }
}

