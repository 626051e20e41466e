/**
 * The one module that relies on y-websocket's inner workings; everything else uses its
 * constructor options and events. Written for y-websocket 3.1.0, and
 * `tests/sync/providerAdapter.test.ts` fails with a clear message on any other version and
 * checks each point below against the installed provider and a real relay:
 *
 * - every frame the provider sends goes through `send` of the `WebSocketPolyfill` class,
 *   which it instantiates as `new WS(url, protocols)`: the socket class here cuts frames
 *   that carry an update into pieces under the frame budget (`splitSyncFrame`);
 * - `shouldReconnect(event)` is asked after every close by the server; false stops the
 *   provider and emits `closed` with `{ code, reason }`;
 * - `provider.messageHandlers[MESSAGE.sync]` handles each incoming sync message with
 *   `(encoder, decoder, provider, emitSynced, messageType)`, the decoder positioned after the
 *   message type: wrapped here so the sync status can read the relay's replies first;
 * - `provider.ws` is the open socket while `provider.wsconnected` is true: used to send a
 *   sync step 1 of our own (a probe) on the same ordered socket;
 * - clearing `provider.shouldConnect` makes the reconnect the provider already scheduled do
 *   nothing, and `connect()` sets it again (`reconnectControls`, used by the jittered
 *   reconnect);
 * - `disconnect()` then `connect()` drops the socket at once and opens a new one.
 */
import { WebsocketProvider } from 'y-websocket'
import type * as Y from 'yjs'
import { CLOSE, isPermanentClose } from '../protocol/closeCodes.js'
import { CLIENT_FRAME_BYTES, MIN_CLIENT_FRAME_BYTES } from '../protocol/frames.js'
import { splitSyncFrame } from './splitUpdate.js'

/** The y-websocket version this adapter was written and tested for. */
export const ADAPTED_Y_WEBSOCKET_VERSION = '3.1.0'

/** What `openProvider` needs. */
export interface ProviderSettings {
  /** Base websocket URL of the sync endpoint, e.g. `wss://host/sync`. */
  syncUrl: string
  room: string
  doc: Y.Doc
  /** Subprotocols offered (they carry the access tokens). */
  protocols: string[]
  /** The socket class (Node has no global WebSocket). Default: the global one. */
  WebSocketPolyfill?: typeof WebSocket
  /** Largest frame to send at first; default `CLIENT_FRAME_BYTES`. */
  frameBytes?: number
}

/**
 * Whether a close by the server is worth a reconnect: 4400–4499 mean "this will never work"
 * (as y-websocket's own default), and a close for size (1009) is retried only with smaller
 * frames, which `SocketTraffic.shrink` allows a bounded number of times.
 */
export function shouldReconnectAfter(code: number, traffic: SocketTraffic): boolean {
  if (code === CLOSE.tooBig.code) return traffic.shrink()
  return !isPermanentClose(code)
}

/**
 * What the app sends on one provider's sockets: the largest frame, halved after each close
 * for size down to `MIN_CLIENT_FRAME_BYTES` (at most log2(start / min) retries, 4 from
 * 1 MiB, then it stops), and the bytes sent so far (the sync status allows a big upload
 * more time before it calls a silent socket dead).
 */
export class SocketTraffic {
  private sent = 0

  constructor(private bytes: number = CLIENT_FRAME_BYTES) {}

  /** The current largest frame. */
  get frameBytes(): number {
    return this.bytes
  }

  /** Bytes sent on the provider's sockets so far. */
  get bytesSent(): number {
    return this.sent
  }

  /** Counts a frame sent. */
  countSent(bytes: number): void {
    this.sent += bytes
  }

  /** Halves the frame size; false once it would go below the minimum (then the caller stops). */
  shrink(): boolean {
    if (this.bytes / 2 < MIN_CLIENT_FRAME_BYTES) return false
    this.bytes = Math.floor(this.bytes / 2)
    return true
  }
}

/**
 * A socket class that sends a frame carrying an update larger than the budget as several
 * frames, each a valid update the relay can check on its own.
 */
export function splittingSocket(Base: typeof WebSocket, traffic: SocketTraffic): typeof WebSocket {
  return class SplittingWebSocket extends Base {
    override send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
      const bytes = data instanceof Uint8Array ? data : data instanceof ArrayBuffer ? new Uint8Array(data) : null
      if (bytes) traffic.countSent(bytes.length)
      if (!bytes) return super.send(data)
      // a frame that fits comes back as it is; bounded: about (frame bytes / budget) pieces,
      // plus one per struct larger than the budget
      for (const piece of splitSyncFrame(bytes, traffic.frameBytes)) super.send(piece)
    }
  }
}

/** A provider with our socket class and reconnect rule; connects at once. */
export function openProvider(settings: ProviderSettings): { provider: WebsocketProvider; traffic: SocketTraffic } {
  const traffic = new SocketTraffic(settings.frameBytes)
  const provider = new WebsocketProvider(settings.syncUrl, settings.room, settings.doc, {
    protocols: settings.protocols,
    // every change goes through the relay, so "on the relay" means what it says
    disableBc: true,
    WebSocketPolyfill: splittingSocket(settings.WebSocketPolyfill ?? WebSocket, traffic),
    shouldReconnect: (event) => shouldReconnectAfter(event.code, traffic),
  })
  return { provider, traffic }
}

/** The part of a provider the jittered reconnect drives (see `installJitteredReconnect`). */
export interface ReconnectingProvider {
  /** Cleared to make the reconnect the provider already scheduled do nothing. */
  shouldConnect: boolean
  connect(): void
  on(name: 'connection-close', listener: (event: { code: number } | null) => void): void
  off(name: 'connection-close', listener: (event: { code: number } | null) => void): void
}

/** The provider as the jittered reconnect drives it. */
export const reconnectControls = (provider: WebsocketProvider): ReconnectingProvider => provider as unknown as ReconnectingProvider
