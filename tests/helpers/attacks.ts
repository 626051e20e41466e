/**
 * Well-formed but hostile shapes a member with a link can send the relay: each decodes as a
 * valid y-websocket message, and each is built to cost the relay as much as its shape allows
 * (depth, parked dependencies, repeated whole-room requests; chains of clients are
 * `reverseDependencyChain` in `relayFrames.ts`). Used by the regression tests, the fuzzer and
 * the soak (`npm run soak`).
 */
import * as Y from 'yjs'
import { encodeAwareness, encodeAwarenessEntries, encodeSyncStep1, encodeUpdate } from '../../server/relay/protocol.js'
import { encodeItems } from './relayFrames.js'

/** A live-update frame carrying `update`. */
export const updateFrame = encodeUpdate

/** A sync step 1 frame with `stateVector` (empty: "send me everything"). */
export const stepOneFrame = (stateVector: Uint8Array = Y.encodeStateVector(new Y.Doc())): Uint8Array => encodeSyncStep1(stateVector)

/** An awareness frame carrying one client's state, given as raw JSON text (not checked). */
export const awarenessFrame = (clientId: number, clock: number, stateJson: string): Uint8Array =>
  encodeAwareness(encodeAwarenessEntries([{ clientId, clock, state: stateJson }]))

/** An awareness frame whose state is an object nested `depth` levels deep (about 5 bytes per level). */
export const deepAwarenessFrame = (clientId: number, depth: number, clock = 1): Uint8Array =>
  awarenessFrame(clientId, clock, '{"a":'.repeat(depth) + '1' + '}'.repeat(depth))

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
