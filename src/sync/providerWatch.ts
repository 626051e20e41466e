/**
 * The provider internals the sync status reads (see `providerAdapter.ts` for the contract
 * with y-websocket 3.1.0, which its test pins): the relay's sync replies, whether a socket is
 * open, a probe of our own, a restart. Apart from `providerAdapter.ts`, which constructs the
 * provider, so the status can load before the list's first paint without y-websocket.
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import type { WebsocketProvider } from 'y-websocket'
import type * as Y from 'yjs'
import { MESSAGE } from '../protocol/messages.js'

/** A sync message the relay sent, as the sync status needs it. */
export type SyncReply = { type: 'step1'; stateVector: Uint8Array } | { type: 'step2' } | { type: 'update' }

/**
 * Calls `listener` with each sync message from the relay before the provider handles it.
 * Returns a function that puts the provider's own handler back.
 */
export function watchSyncReplies(provider: WebsocketProvider, listener: (reply: SyncReply) => void): () => void {
  const original = provider.messageHandlers[MESSAGE.sync]!
  provider.messageHandlers[MESSAGE.sync] = (encoder, decoder, prov, emitSynced, messageType) => {
    const reply = peekSyncMessage(decoder)
    if (reply) listener(reply)
    original(encoder, decoder, prov, emitSynced, messageType)
  }
  return () => {
    provider.messageHandlers[MESSAGE.sync] = original
  }
}

/** Reads a sync message's type (and a step 1's state vector) without moving the decoder; null if it does not decode. */
function peekSyncMessage(decoder: decoding.Decoder): SyncReply | null {
  try {
    const copy = decoding.clone(decoder)
    const type = decoding.readVarUint(copy)
    if (type === syncProtocol.messageYjsSyncStep1) return { type: 'step1', stateVector: decoding.readVarUint8Array(copy) }
    if (type === syncProtocol.messageYjsSyncStep2) return { type: 'step2' }
    if (type === syncProtocol.messageYjsUpdate) return { type: 'update' }
  } catch {
    // a malformed frame is the provider's to handle
  }
  return null
}

/** Whether the provider has an open socket to the relay. */
export const isConnected = (provider: WebsocketProvider): boolean => provider.wsconnected

/**
 * Sends our own sync step 1 (our state vector) on the provider's open socket; the relay
 * answers with a step 2 and its own step 1. False when there is no open socket.
 */
export function sendSyncStep1(provider: WebsocketProvider, doc: Y.Doc): boolean {
  const ws = provider.ws
  if (!provider.wsconnected || !ws || ws.readyState !== ws.OPEN) return false
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MESSAGE.sync)
  syncProtocol.writeSyncStep1(encoder, doc)
  ws.send(encoding.toUint8Array(encoder))
  return true
}

/** Drops the current socket now (its close is ours, so the provider reconnects) and opens a new one. */
export function restartConnection(provider: WebsocketProvider): void {
  provider.disconnect()
  provider.connect()
}
