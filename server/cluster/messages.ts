/**
 * What relays tell each other over Redis: one binary message per committed update, presence
 * change or room event, on one channel. Each names the relay that sent it (a relay ignores
 * its own) and carries the sender's clock, for the delivery-latency metric.
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'

/** The one pub/sub channel of a deployment. */
export const FANOUT_CHANNEL = 'shortlist:fanout'

/** A message between relays. */
export type ClusterMessage =
  | { kind: 'update'; relay: string; room: string; counter: number; sentAt: number; update: Uint8Array }
  | { kind: 'presence'; relay: string; room: string; sentAt: number; update: Uint8Array }
  | { kind: 'frozen' | 'deleted'; relay: string; room: string; sentAt: number }

const KINDS = ['update', 'presence', 'frozen', 'deleted'] as const

/** Encodes a message for `PUBLISH`. */
export function encodeClusterMessage(message: ClusterMessage): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, KINDS.indexOf(message.kind))
  encoding.writeVarString(encoder, message.relay)
  encoding.writeVarString(encoder, message.room)
  encoding.writeFloat64(encoder, message.sentAt)
  if (message.kind === 'update') encoding.writeVarUint(encoder, message.counter)
  if (message.kind === 'update' || message.kind === 'presence') encoding.writeVarUint8Array(encoder, message.update)
  return encoding.toUint8Array(encoder)
}

/** Decodes a message; throws on bytes that are not one (the caller logs and drops them). */
export function decodeClusterMessage(bytes: Uint8Array): ClusterMessage {
  const decoder = decoding.createDecoder(bytes)
  const kind = KINDS[decoding.readVarUint(decoder)]
  if (kind === undefined) throw new Error('unknown cluster message kind')
  const relay = decoding.readVarString(decoder)
  const room = decoding.readVarString(decoder)
  const sentAt = decoding.readFloat64(decoder)
  if (kind === 'update') {
    const counter = decoding.readVarUint(decoder)
    return { kind, relay, room, sentAt, counter, update: decoding.readVarUint8Array(decoder) }
  }
  if (kind === 'presence') return { kind, relay, room, sentAt, update: decoding.readVarUint8Array(decoder) }
  return { kind, relay, room, sentAt }
}
