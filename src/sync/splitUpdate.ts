/**
 * Splits a Yjs update (format V1) that is too big for one relay frame into several valid
 * updates, each under a byte budget, in an order the relay accepts one by one.
 *
 * The relay closes a frame above its cap (2 MiB by default) with 1009, so a big transaction
 * (a 5,000-paper import is 5.4 MB) or a big backlog (a device offline for a week, a relay
 * restored from an empty disk) would never arrive in one piece. The relay checks each update
 * on its own: every client's structs must continue the clocks the room holds, and every
 * origin, right origin and parent must be in the room or in the same update. So the structs
 * are first put in an integration order (each struct after the structs of this update it
 * refers to, each client's structs in clock order), and that sequence is cut into pieces.
 * In each piece every client's structs are then a contiguous clock range, as the format
 * needs. The delete set travels last, in pieces of its own when it does not fit.
 *
 * This is the one place that writes Yjs's update encoding by hand (from `Y.decodeUpdate`'s
 * structs, their own `write`, and `Y.UpdateEncoderV1`); `tests/sync/splitUpdate.test.ts` is
 * pinned to the installed yjs version and checks that pieces rebuild the same document.
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'
import { MESSAGE } from '../protocol/messages.js'
import { CLIENT_FRAME_CLIENTS } from '../protocol/frames.js'

type Struct = ReturnType<typeof Y.decodeUpdate>['structs'][number]

/** One delete range of the update's delete set. */
interface DeleteRange {
  client: number
  clock: number
  len: number
}

/** Bytes a client's header in a piece can take: struct count, client id and first clock (varints). */
const CLIENT_HEADER_BYTES = 24
/** Bytes of a piece's own counts (clients, delete-set clients), with room to spare. */
const PIECE_HEADER_BYTES = 16
/** Bytes one delete range can take: clock and length (varints), plus its client's header when it starts one. */
const DELETE_RANGE_BYTES = 32

/**
 * Returns `update` itself when it fits in `maxBytes` and `maxClients` client blocks, else
 * valid updates that each fit (except a single struct larger than the budget, which goes
 * alone: nothing can split it) and that, applied in order, give the same document as `update`.
 */
export function splitUpdate(update: Uint8Array, maxBytes: number, maxClients = CLIENT_FRAME_CLIENTS): Uint8Array[] {
  if (update.length <= maxBytes && declaredClients(update) <= maxClients) return [update]
  const { structs, ds } = Y.decodeUpdate(update)
  const pieces: Uint8Array[] = []
  let piece: { struct: Struct; bytes: Uint8Array }[] = []
  let pieceBytes = PIECE_HEADER_BYTES
  const clientsInPiece = new Set<number>()
  const ordered = integrationOrder(structs)
  const encoded = encodeStructs(ordered)
  // bounded by the number of structs in the update
  for (const [index, struct] of ordered.entries()) {
    const bytes = encoded.bytes.subarray(encoded.offsets[index], encoded.offsets[index + 1])
    const newClient = !clientsInPiece.has(struct.id.client)
    const extra = bytes.length + (newClient ? CLIENT_HEADER_BYTES : 0)
    if (piece.length > 0 && (pieceBytes + extra > maxBytes || (newClient && clientsInPiece.size >= maxClients))) {
      pieces.push(encodePiece(piece, []))
      piece = []
      pieceBytes = PIECE_HEADER_BYTES
      clientsInPiece.clear()
    }
    piece.push({ struct, bytes })
    pieceBytes += bytes.length + (clientsInPiece.has(struct.id.client) ? 0 : CLIENT_HEADER_BYTES)
    clientsInPiece.add(struct.id.client)
  }
  // the delete set: after every struct, appended to the last piece while it fits
  let deletes: DeleteRange[] = []
  // bounded by the number of delete ranges in the update
  for (const [client, ranges] of ds.clients) {
    for (const { clock, len } of ranges) {
      if (pieceBytes + DELETE_RANGE_BYTES > maxBytes && (piece.length > 0 || deletes.length > 0)) {
        pieces.push(encodePiece(piece, deletes))
        piece = []
        deletes = []
        pieceBytes = PIECE_HEADER_BYTES
      }
      deletes.push({ client, clock, len })
      pieceBytes += DELETE_RANGE_BYTES
    }
  }
  if (piece.length > 0 || deletes.length > 0) pieces.push(encodePiece(piece, deletes))
  return pieces
}

/** Bytes of a sync frame around its update: message type, sync type and the update's length (varints). */
const SYNC_FRAME_HEADER_BYTES = 16

/**
 * Cuts a y-websocket frame carrying an update (a sync step 2 or a live update) that is larger
 * than `maxBytes`, or carries more than `CLIENT_FRAME_CLIENTS` client blocks, into frames of
 * the same kind, each carrying one piece of `splitUpdate`.
 * Any other frame (or one that does not decode) is returned as it is.
 */
export function splitSyncFrame(frame: Uint8Array, maxBytes: number): Uint8Array[] {
  if (frame.length <= maxBytes && frameClients(frame) <= CLIENT_FRAME_CLIENTS) return [frame]
  let syncType: number
  let update: Uint8Array
  try {
    const decoder = decoding.createDecoder(frame)
    if (decoding.readVarUint(decoder) !== MESSAGE.sync) return [frame]
    syncType = decoding.readVarUint(decoder)
    if (syncType !== syncProtocol.messageYjsSyncStep2 && syncType !== syncProtocol.messageYjsUpdate) return [frame]
    update = decoding.readVarUint8Array(decoder)
  } catch {
    return [frame]
  }
  return splitUpdate(update, maxBytes - SYNC_FRAME_HEADER_BYTES).map((piece) => {
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, MESSAGE.sync)
    encoding.writeVarUint(encoder, syncType)
    encoding.writeVarUint8Array(encoder, piece)
    return encoding.toUint8Array(encoder)
  })
}

/**
 * The structs written one after the other as the V1 format writes them inside a client's run,
 * with the offset where each starts (V1 writes each struct without reference to the others,
 * so any struct's bytes can be moved into another update as they are).
 */
function encodeStructs(structs: readonly Struct[]): { bytes: Uint8Array; offsets: number[] } {
  const encoder = new Y.UpdateEncoderV1()
  const offsets = [0]
  for (const struct of structs) {
    struct.write(encoder, 0)
    offsets.push(encoding.length(encoder.restEncoder))
  }
  return { bytes: encoder.toUint8Array(), offsets }
}

/** A V1 update: each client's structs as one run from its first clock, then the delete ranges. */
function encodePiece(structs: readonly { struct: Struct; bytes: Uint8Array }[], deletes: readonly DeleteRange[]): Uint8Array {
  const runs = new Map<number, { clock: number; parts: Uint8Array[] }>()
  for (const { struct, bytes } of structs) {
    const run = runs.get(struct.id.client)
    if (run) run.parts.push(bytes)
    else runs.set(struct.id.client, { clock: struct.id.clock, parts: [bytes] })
  }
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, runs.size)
  for (const [client, run] of runs) {
    encoding.writeVarUint(encoder, run.parts.length)
    encoding.writeVarUint(encoder, client)
    encoding.writeVarUint(encoder, run.clock)
    for (const part of run.parts) encoding.writeUint8Array(encoder, part)
  }
  const deletesByClient = new Map<number, DeleteRange[]>()
  for (const range of deletes) {
    const list = deletesByClient.get(range.client)
    if (list) list.push(range)
    else deletesByClient.set(range.client, [range])
  }
  encoding.writeVarUint(encoder, deletesByClient.size)
  for (const [client, ranges] of deletesByClient) {
    encoding.writeVarUint(encoder, client)
    encoding.writeVarUint(encoder, ranges.length)
    for (const { clock, len } of ranges) {
      encoding.writeVarUint(encoder, clock)
      encoding.writeVarUint(encoder, len)
    }
  }
  return encoding.toUint8Array(encoder)
}

function referencesOf(struct: Struct): Y.ID[] {
  if (!(struct instanceof Y.Item)) return []
  const refs: Y.ID[] = []
  if (struct.origin) refs.push(struct.origin)
  if (struct.rightOrigin) refs.push(struct.rightOrigin)
  if (struct.parent instanceof Y.ID) refs.push(struct.parent)
  return refs
}

/**
 * The structs in an order where each comes after the structs of this update it refers to
 * (references below a client's first clock in the update are taken as already delivered),
 * and each client's structs stay in clock order. An update with no such order (which a real
 * document never produces) keeps its remaining structs in client-then-clock order; the relay
 * then decides.
 * Bound: each round places at least one struct, so at most (structs × clients) steps.
 */
export function integrationOrder(structs: readonly Struct[]): Struct[] {
  const queues = new Map<number, Struct[]>()
  for (const struct of structs) {
    const queue = queues.get(struct.id.client)
    if (queue) queue.push(struct)
    else queues.set(struct.id.client, [struct])
  }
  if (queues.size <= 1) return [...structs]
  const firstClock = new Map([...queues].map(([client, queue]) => [client, queue[0]!.id.clock]))
  const placedEnd = new Map(firstClock)
  const isPlaced = (ref: Y.ID) => {
    const first = firstClock.get(ref.client)
    return first === undefined || ref.clock < first || ref.clock < placedEnd.get(ref.client)!
  }
  const next = new Map([...queues.keys()].map((client) => [client, 0]))
  const ordered: Struct[] = []
  let progress = true
  while (ordered.length < structs.length && progress) {
    progress = false
    for (const [client, queue] of queues) {
      let i = next.get(client)!
      while (i < queue.length) {
        const struct = queue[i]!
        if (!referencesOf(struct).every(isPlaced)) break
        ordered.push(struct)
        placedEnd.set(client, struct.id.clock + struct.length)
        i += 1
        progress = true
      }
      next.set(client, i)
    }
  }
  if (ordered.length < structs.length) for (const [client, queue] of queues) ordered.push(...queue.slice(next.get(client)!))
  return ordered
}

/** The client blocks a V1 update declares (its first varuint); 0 if it does not decode. */
function declaredClients(update: Uint8Array): number {
  try {
    return decoding.readVarUint(decoding.createDecoder(update))
  } catch {
    return 0
  }
}

/** The client blocks the update inside a sync frame declares; 0 for any other frame. */
function frameClients(frame: Uint8Array): number {
  try {
    const decoder = decoding.createDecoder(frame)
    if (decoding.readVarUint(decoder) !== MESSAGE.sync) return 0
    const syncType = decoding.readVarUint(decoder)
    if (syncType !== syncProtocol.messageYjsSyncStep2 && syncType !== syncProtocol.messageYjsUpdate) return 0
    decoding.readVarUint(decoder) // the update's length
    return decoding.readVarUint(decoder)
  } catch {
    return 0
  }
}
