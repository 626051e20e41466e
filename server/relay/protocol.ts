/**
 * The y-websocket wire protocol as the relay reads and writes it. One frame = one message:
 *
 *   [messageSync=0][syncStep1=0][stateVector: varUint8Array]   client -> relay
 *       relay replies: [0][syncStep2=1][diff: varUint8Array] then [0][syncStep1=0][its stateVector]
 *       (the second part lets a client compare and know whether the relay holds all its changes)
 *   [messageSync=0][syncStep2=1][update: varUint8Array]        client -> relay (answer to the relay's step 1)
 *   [messageSync=0][update=2][update: varUint8Array]           both ways (live edits)
 *   [messageAwareness=1][awarenessUpdate: varUint8Array]       both ways (presence)
 *   [messageQueryAwareness=3]                                  client -> relay: "send me everyone's presence"
 *
 * Anything else (auth messages from a client, unknown types, trailing bytes, truncation)
 * is a `ProtocolError`. Built on y-protocols' constants and lib0 encoding.
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import { MESSAGE } from '../../src/protocol/messages.js'
import { MAX_AWARENESS_ENTRIES, awarenessStateProblem } from './awarenessCheck.js'

/** A decoded client frame. */
export type ClientMessage =
  | { type: 'sync-step1'; stateVector: Uint8Array }
  | { type: 'sync-step2'; update: Uint8Array }
  | { type: 'update'; update: Uint8Array }
  | { type: 'awareness'; update: Uint8Array }
  | { type: 'query-awareness' }

/** A frame that is not a well-formed y-websocket client message. */
export class ProtocolError extends Error {
  override name = 'ProtocolError'
}

/** Decodes one client frame; throws `ProtocolError` on anything malformed. Never reads past the frame. */
export function decodeClientFrame(frame: Uint8Array): ClientMessage {
  try {
    const decoder = decoding.createDecoder(frame)
    const type = decoding.readVarUint(decoder)
    let message: ClientMessage
    if (type === MESSAGE.sync) {
      const syncType = decoding.readVarUint(decoder)
      const payload = decoding.readVarUint8Array(decoder)
      if (syncType === syncProtocol.messageYjsSyncStep1) message = { type: 'sync-step1', stateVector: payload }
      else if (syncType === syncProtocol.messageYjsSyncStep2) message = { type: 'sync-step2', update: payload }
      else if (syncType === syncProtocol.messageYjsUpdate) message = { type: 'update', update: payload }
      else throw new ProtocolError(`unknown sync message type ${syncType}`)
    } else if (type === MESSAGE.awareness) {
      message = { type: 'awareness', update: decoding.readVarUint8Array(decoder) }
    } else if (type === MESSAGE.queryAwareness) {
      message = { type: 'query-awareness' }
    } else {
      throw new ProtocolError(`unknown message type ${type}`)
    }
    if (decoding.hasContent(decoder)) throw new ProtocolError('trailing bytes after message')
    return message
  } catch (error) {
    if (error instanceof ProtocolError) throw error
    throw new ProtocolError(error instanceof Error ? error.message : 'undecodable frame')
  }
}

/**
 * `[type][syncType?][varUint length][payload]` in one allocation of the exact size: the
 * payload is copied once (a 1 MB room sent to a joining peer, or each forwarded update).
 */
function framed(prefix: readonly number[], payload: Uint8Array): Uint8Array {
  const header = encoding.createEncoder()
  for (const value of prefix) encoding.writeVarUint(header, value)
  encoding.writeVarUint(header, payload.length)
  const head = encoding.toUint8Array(header)
  const frame = new Uint8Array(head.length + payload.length)
  frame.set(head, 0)
  frame.set(payload, head.length)
  return frame
}

function syncFrame(syncType: number, payload: Uint8Array): Uint8Array {
  return framed([MESSAGE.sync, syncType], payload)
}

/** Relay -> client: sync step 1 carrying the room's state vector. */
export const encodeSyncStep1 = (stateVector: Uint8Array): Uint8Array => syncFrame(syncProtocol.messageYjsSyncStep1, stateVector)
/** Relay -> client: sync step 2 carrying what the client lacks. */
export const encodeSyncStep2 = (update: Uint8Array): Uint8Array => syncFrame(syncProtocol.messageYjsSyncStep2, update)
/** Relay -> client: a live update. */
export const encodeUpdate = (update: Uint8Array): Uint8Array => syncFrame(syncProtocol.messageYjsUpdate, update)

/** Relay -> client: an awareness update. */
export function encodeAwareness(update: Uint8Array): Uint8Array {
  return framed([MESSAGE.awareness], update)
}

/** One entry of an awareness update: a client id, its clock and its JSON state text. */
export interface AwarenessEntry {
  clientId: number
  clock: number
  state: string
}

/**
 * Decodes an awareness update's entries (throws `ProtocolError`); the state stays JSON text.
 * Refuses more than `MAX_AWARENESS_ENTRIES` entries and any state outside the structural
 * bounds of `awarenessCheck.ts` (checked before parsing).
 */
export function decodeAwarenessEntries(update: Uint8Array): AwarenessEntry[] {
  try {
    const decoder = decoding.createDecoder(update)
    const count = decoding.readVarUint(decoder)
    if (count > MAX_AWARENESS_ENTRIES) throw new ProtocolError(`awareness update with ${count} entries (at most ${MAX_AWARENESS_ENTRIES})`)
    const entries: AwarenessEntry[] = []
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder)
      const clock = decoding.readVarUint(decoder)
      const state = decoding.readVarString(decoder)
      const problem = awarenessStateProblem(state)
      if (problem) throw new ProtocolError(problem)
      JSON.parse(state)
      entries.push({ clientId, clock, state })
    }
    if (decoding.hasContent(decoder)) throw new ProtocolError('trailing bytes after awareness update')
    return entries
  } catch (error) {
    if (error instanceof ProtocolError) throw error
    throw new ProtocolError(error instanceof Error ? error.message : 'undecodable awareness update')
  }
}

/** Encodes awareness entries in y-protocols' format. */
export function encodeAwarenessEntries(entries: AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, entries.length)
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.clientId)
    encoding.writeVarUint(encoder, entry.clock)
    encoding.writeVarString(encoder, entry.state)
  }
  return encoding.toUint8Array(encoder)
}
