/**
 * Well-formed but hostile shapes a member with a link can send the relay: each decodes as a
 * valid y-websocket message, and each is built to cost the relay as much as its shape allows
 * (depth, number of clients, parked dependencies, repeated whole-room requests). Used by the
 * regression tests, the fuzzer and the soak (`npm run soak`).
 */
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'
import { MESSAGE } from '../../src/protocol/messages.js'
import { encodeItems } from './relayFrames.js'

/** A sync frame (`[0][syncType][payload]`). */
export function syncFrame(syncType: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MESSAGE.sync)
  encoding.writeVarUint(encoder, syncType)
  encoding.writeVarUint8Array(encoder, payload)
  return encoding.toUint8Array(encoder)
}

/** A live-update frame carrying `update`. */
export const updateFrame = (update: Uint8Array): Uint8Array => syncFrame(syncProtocol.messageYjsUpdate, update)

/** A sync step 1 frame with `stateVector` (empty: "send me everything"). */
export const stepOneFrame = (stateVector: Uint8Array = Y.encodeStateVector(new Y.Doc())): Uint8Array =>
  syncFrame(syncProtocol.messageYjsSyncStep1, stateVector)

/** An awareness frame carrying one client's state, given as raw JSON text. */
export function awarenessFrame(clientId: number, clock: number, stateJson: string): Uint8Array {
  const update = encoding.createEncoder()
  encoding.writeVarUint(update, 1)
  encoding.writeVarUint(update, clientId)
  encoding.writeVarUint(update, clock)
  encoding.writeVarString(update, stateJson)
  const frame = encoding.createEncoder()
  encoding.writeVarUint(frame, MESSAGE.awareness)
  encoding.writeVarUint8Array(frame, encoding.toUint8Array(update))
  return encoding.toUint8Array(frame)
}

/** An awareness frame whose state is an object nested `depth` levels deep (about 5 bytes per level). */
export const deepAwarenessFrame = (clientId: number, depth: number, clock = 1): Uint8Array =>
  awarenessFrame(clientId, clock, '{"a":'.repeat(depth) + '1' + '}'.repeat(depth))

/**
 * One update from `clients` clients of one item each, every item inserted after the item of
 * the client before it in the chain, encoded so each client's dependency comes *after* it in
 * the update (the encoder writes clients in descending id order, the chain runs upwards): a
 * checker that places one struct per pass needs one pass per client.
 */
export function chainOfClientsUpdate(clients: number, firstClient = 1_000_000): Uint8Array {
  const items: Y.Item[] = []
  let previous: Y.ID | null = null
  for (let i = 0; i < clients; i++) {
    const id = Y.createID(firstClient + i, 0)
    // A root parent is written by name; the constructor is typed for ids and types only.
    const item: Y.Item = new Y.Item(id, null, previous, null, null, (previous ? null : 'chain') as unknown as Y.ID | null, null, new Y.ContentString('x'))
    items.push(item)
    previous = id
  }
  return encodeItems(items)
}

/**
 * An update the relay must hold ("waiting") rather than store: one item from a new client
 * inserted after an item of `missingClient` that no one has sent.
 */
export function parkedUpdate(client: number, missingClient: number): Uint8Array {
  const origin = Y.createID(missingClient, 0)
  return encodeItems([new Y.Item(Y.createID(client, 0), null, origin, null, null, null, null, new Y.ContentString('p'))])
}

/** A Y.Doc holding about `bytes` of text in `paragraphs` map entries: a big room to ask for. */
export function bigDocument(bytes: number, paragraphs = 64): Y.Doc {
  const doc = new Y.Doc()
  const per = Math.ceil(bytes / paragraphs)
  const filler = 'lorem ipsum dolor sit amet '.repeat(Math.ceil(per / 27)).slice(0, per)
  doc.transact(() => {
    for (let i = 0; i < paragraphs; i++) doc.getMap('papers').set(`abstract|p${i}`, `${i} ${filler}`)
  })
  return doc
}
