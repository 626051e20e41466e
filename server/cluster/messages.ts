/**
 * What relays tell each other over Redis: binary messages (committed updates, presence
 * changes, room events) on one channel. Each names the relay that sent it (a relay ignores
 * its own) and carries the sender's clock, for the delivery-latency metric. A relay sends the
 * messages of one event-loop turn as one `PUBLISH` (`encodeClusterBatch`: the relay named
 * once, then each message), which costs Redis and every receiver one message instead of many.
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
/** Kind number of a batch (after the single kinds). */
const BATCH = KINDS.length
/** Most messages one batch may declare (a sender flushes far sooner; the bound is for a bad message). */
export const MAX_BATCH_MESSAGES = 4096

/**
 * Encodes one message alone: the format relays sent before they batched, still decoded, so a
 * cluster upgraded one relay at a time keeps delivering.
 */
export function encodeClusterMessage(message: ClusterMessage): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, KINDS.indexOf(message.kind))
  encoding.writeVarString(encoder, message.relay)
  writeFields(encoder, message)
  return encoding.toUint8Array(encoder)
}

/** Encodes the messages of one relay as one `PUBLISH` payload. */
export function encodeClusterBatch(relay: string, messages: readonly ClusterMessage[]): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, BATCH)
  encoding.writeVarString(encoder, relay)
  encoding.writeVarUint(encoder, messages.length)
  for (const message of messages) {
    encoding.writeVarUint(encoder, KINDS.indexOf(message.kind))
    writeFields(encoder, message)
  }
  return encoding.toUint8Array(encoder)
}

/** What follows a message's kind and relay: room, clock, and counter and update where it has them. */
function writeFields(encoder: encoding.Encoder, message: ClusterMessage): void {
  encoding.writeVarString(encoder, message.room)
  encoding.writeFloat64(encoder, message.sentAt)
  if (message.kind === 'update') encoding.writeVarUint(encoder, message.counter)
  if (message.kind === 'update' || message.kind === 'presence') encoding.writeVarUint8Array(encoder, message.update)
}

/**
 * Decodes one `PUBLISH` payload, a single message or a batch, into its messages; throws on
 * bytes that are neither (the caller logs and drops them). A batch from `ownRelay` (a relay
 * hears its own publishes) decodes to no messages, without reading them.
 */
export function decodeClusterMessages(bytes: Uint8Array, ownRelay = ''): ClusterMessage[] {
  const decoder = decoding.createDecoder(bytes)
  const kindNumber = decoding.readVarUint(decoder)
  if (kindNumber !== BATCH) return [decodeClusterMessage(bytes)]
  const relay = decoding.readVarString(decoder)
  if (relay === ownRelay) return []
  const count = decoding.readVarUint(decoder)
  if (count > MAX_BATCH_MESSAGES) throw new Error('cluster batch too long')
  const messages: ClusterMessage[] = []
  for (let i = 0; i < count; i++) {
    const kind = KINDS[decoding.readVarUint(decoder)]
    if (kind === undefined) throw new Error('unknown cluster message kind')
    messages.push(readBody(decoder, kind, relay))
  }
  return messages
}

/** Decodes a message; throws on bytes that are not one (the caller logs and drops them). */
export function decodeClusterMessage(bytes: Uint8Array): ClusterMessage {
  const decoder = decoding.createDecoder(bytes)
  const kind = KINDS[decoding.readVarUint(decoder)]
  if (kind === undefined) throw new Error('unknown cluster message kind')
  const relay = decoding.readVarString(decoder)
  return readBody(decoder, kind, relay)
}

/** Reads what follows the relay of a message of `kind`. */
function readBody(decoder: decoding.Decoder, kind: ClusterMessage['kind'], relay: string): ClusterMessage {
  const room = decoding.readVarString(decoder)
  const sentAt = decoding.readFloat64(decoder)
  if (kind === 'update') {
    const counter = decoding.readVarUint(decoder)
    return { kind, relay, room, sentAt, counter, update: decoding.readVarUint8Array(decoder) }
  }
  if (kind === 'presence') return { kind, relay, room, sentAt, update: decoding.readVarUint8Array(decoder) }
  return { kind, relay, room, sentAt }
}
