/**
 * The checks an incoming update passes before the relay accepts it, as named steps, run in
 * the order `RoomDocument.check` lists them (cheap bounds first, the trial apply last). The
 * relay never integrates updates into a live document (see `roomDocument.ts`), so these
 * stand in for what integrating would catch. Every step is linear (or n log n) in the
 * update's size and touches the room only through `RoomView` lookups, so no update costs
 * more than its own size, whatever the room holds.
 */
import * as Y from 'yjs'
import { MAX_CLIENTS_PER_UPDATE } from '../../src/protocol/frames.js'
import { declaredClientBlocks, referencesOf, type DecodedUpdate, type DeletedRange, type StructInfo } from './yjsStructs.js'

/**
 * Clients one update may carry: the wire contract's bound (`src/protocol/frames.ts`). The app
 * cuts a re-upload with more clients into several frames; this bounds the per-client maps
 * the checks build, and so the cost of one message.
 */
export { MAX_CLIENTS_PER_UPDATE }
/** Structs one update may carry (a 2 MiB frame of tiny items holds about 400,000). */
export const MAX_STRUCTS_PER_UPDATE = 250_000
/** Deleted ranges one update may carry. */
export const MAX_DELETE_RANGES_PER_UPDATE = 250_000

/** What an update waits for: the room must hold `clock` of `client` (its clock must pass it). */
export interface MissingClock {
  client: number
  clock: number
}

/** Result of checking an update against the room. `ready` carries what `apply` records. */
export type UpdateCheck =
  | { kind: 'malformed'; reason: string }
  | { kind: 'waiting'; missing: MissingClock }
  | { kind: 'redundant' }
  | { kind: 'ready'; types: Y.ID[]; clocks: Map<number, number>; deletes: DeletedRange[] }

/** What the checks read from the room. */
export interface RoomView {
  /** The room's clock for a client (0 if it holds nothing of it). */
  clockOf(client: number): number
  /** Whether the item with that id is a type; null while the room's type index is not complete yet. */
  isType(id: Y.ID): boolean | null
  /** Whether the room is known to hold all these deletions already. */
  knowsDeleted(ranges: readonly DeletedRange[]): boolean
}

type Problem = Extract<UpdateCheck, { kind: 'malformed' | 'waiting' }>
const malformed = (reason: string): Problem => ({ kind: 'malformed', reason })
const waitingFor = (client: number, clock: number): Problem => ({ kind: 'waiting', missing: { client, clock } })

/** Step, before decoding: the update declares no more client blocks than `MAX_CLIENTS_PER_UPDATE`. */
export function declaresFewClients(update: Uint8Array): Problem | null {
  let blocks: number
  try {
    blocks = declaredClientBlocks(update)
  } catch {
    return malformed('undecodable update')
  }
  return blocks > MAX_CLIENTS_PER_UPDATE ? malformed('update has too many clients') : null
}

/**
 * Step: the update stays within the named bounds on structs and deleted ranges (its clients
 * are bounded before decoding, by `declaresFewClients`: distinct clients never exceed blocks).
 */
export function withinBounds(decoded: DecodedUpdate): Problem | null {
  if (decoded.structs.length > MAX_STRUCTS_PER_UPDATE) return malformed('update has too many structs')
  if (decoded.deletes.length > MAX_DELETE_RANGES_PER_UPDATE) return malformed('update has too many deleted ranges')
  return null
}

/** Step: every deleted range has safe-integer bounds and a positive length. */
export function deleteRangesValid(deletes: readonly DeletedRange[]): Problem | null {
  for (const { client, clock, len } of deletes) {
    if (!Number.isSafeInteger(client)) return malformed('delete set client out of range')
    if (!Number.isSafeInteger(clock) || !Number.isSafeInteger(clock + len) || len < 1) return malformed('delete set range out of range')
  }
  return null
}

/**
 * Step: a real client can integrate the update. Applies it to an empty scratch document,
 * which catches bytes that decode but make a client throw (bad content, bad delete ranges);
 * costs the update's size. Call it only for an update that integrates completely on its own
 * (`integratesAlone`): Yjs parks structs it cannot place, and parking a long chain of them
 * costs it the chain's length squared (in 13.6, each parked struct filters the list of
 * clients), so an update that depends on the room is not tried. Such updates are the usual
 * live edits (a client's next edit); their content is still checked by decoding.
 */
export function integratesInClient(update: Uint8Array): Problem | null {
  const scratch = new Y.Doc({ gc: false, guid: SCRATCH_GUID })
  try {
    Y.applyUpdate(scratch, update)
    return null
  } catch {
    return malformed('update does not integrate')
  } finally {
    scratch.destroy()
  }
}

/**
 * A fixed guid for scratch documents: a `Y.Doc` without one draws a random uuid, one random
 * call per hex digit, which used to cost more than the whole rest of checking an update.
 */
const SCRATCH_GUID = 'scratch'

const EMPTY_ROOM: RoomView = { clockOf: () => 0, isType: () => false, knowsDeleted: () => false }

/**
 * Whether an empty document integrates every struct of the update, parking none: each
 * client's structs start at clock 0 with no hole, every reference is to a struct of the
 * update, and they have an integration order of their own (so they have one in the room
 * too, where more references are satisfied). Linear in the update.
 */
export function integratesAlone(structs: readonly StructInfo[]): boolean {
  const reached = new Map<number, number>()
  for (const struct of structs) {
    if (struct.kind === 'skip' || struct.clock !== (reached.get(struct.client) ?? 0)) return false
    reached.set(struct.client, struct.clock + struct.length)
  }
  for (const struct of structs) {
    for (const ref of referencesOf(struct)) if (ref.clock >= (reached.get(ref.client) ?? 0)) return false
  }
  return hasIntegrationOrder(structs, EMPTY_ROOM)
}

/** Per client, the clock the room will hold once the update is in (the update's end or the room's). */
export interface ClockSpan {
  ends: Map<number, number>
  /** Whether any struct goes past what the room holds. */
  addsStructs: boolean
}

/**
 * Step: each client's structs continue the room's clock with no gap (else the update waits for
 * the gap), contain no hole (`Skip`), and have safe-integer clocks.
 */
export function continuesRoomClocks(structs: readonly StructInfo[], room: RoomView): ClockSpan | Problem {
  const ends = new Map<number, number>()
  let addsStructs = false
  for (const struct of structs) {
    const known = room.clockOf(struct.client)
    if (struct.kind === 'skip') return waitingFor(struct.client, struct.clock + struct.length - 1)
    if (!ends.has(struct.client) && struct.clock > known) return waitingFor(struct.client, struct.clock - 1)
    const end = struct.clock + struct.length
    if (!Number.isSafeInteger(end) || struct.length < 0) return malformed('struct clock out of range')
    ends.set(struct.client, Math.max(end, known, ends.get(struct.client) ?? 0))
    if (end > known) addsStructs = true
  }
  return { ends, addsStructs }
}

/** Step: every item's origin, right origin and parent is in the room or in the update (else it waits for it). */
export function referencesPresent(structs: readonly StructInfo[], ends: ReadonlyMap<number, number>, room: RoomView): Problem | null {
  for (const struct of structs) {
    for (const ref of referencesOf(struct)) {
      if (ref.clock >= Math.max(ends.get(ref.client) ?? 0, room.clockOf(ref.client))) return waitingFor(ref.client, ref.clock)
    }
  }
  return null
}

/**
 * Step: an item that names its parent by id names a type item (in the update or the room).
 * Returns the update's new type ids, or waits for `indexReady` while the room's type index
 * is being built.
 */
export function parentsAreTypes(structs: readonly StructInfo[], room: RoomView, indexReady: MissingClock): Y.ID[] | Problem {
  const types = structs.filter((struct) => struct.isType).map((struct) => Y.createID(struct.client, struct.clock))
  const typeInUpdate = new Set(types.map((id) => `${id.client}:${id.clock}`))
  for (const struct of structs) {
    const parent = struct.parentId
    if (!parent || struct.clock + struct.length <= room.clockOf(struct.client)) continue
    if (typeInUpdate.has(`${parent.client}:${parent.clock}`)) continue
    const isType = room.isType(parent)
    if (isType === null) return waitingFor(indexReady.client, indexReady.clock)
    if (!isType) return malformed('parent is not a type')
  }
  return types
}

/**
 * Step: the structs can be integrated in some order, as Yjs does it: each client's structs in
 * the order given, and a struct only once every item it refers to is in the room or already
 * placed. Kahn's algorithm over the dependency graph (one edge from a client's previous
 * struct, at most three from its references), so O(n log n) in the update's structs however
 * they are ordered; a struct left unplaced means a cycle, or a reference to a client's own
 * later item.
 */
export function hasIntegrationOrder(structs: readonly StructInfo[], room: RoomView): boolean {
  const count = structs.length
  // per client, the indices of its structs in the order given, and their running maximum end
  const queues = new Map<number, number[]>()
  const position = new Int32Array(count)
  for (let s = 0; s < count; s++) {
    const client = structs[s]!.client
    let queue = queues.get(client)
    if (!queue) queues.set(client, (queue = []))
    position[s] = queue.length
    queue.push(s)
  }
  const reachedBy = new Map<number, number[]>()
  for (const [client, queue] of queues) {
    let reached = 0
    reachedBy.set(
      client,
      queue.map((s) => (reached = Math.max(reached, structs[s]!.clock + structs[s]!.length))),
    )
  }
  // edges as linked lists in typed arrays: `blocks[s]` counts what s waits for
  const blocks = new Int32Array(count)
  const firstEdge = new Int32Array(count).fill(-1)
  const edgeTarget: number[] = []
  const nextEdge: number[] = []
  const addEdge = (from: number, to: number) => {
    edgeTarget.push(to)
    nextEdge.push(firstEdge[from]!)
    firstEdge[from] = edgeTarget.length - 1
    blocks[to]! += 1
  }
  for (const queue of queues.values()) for (let i = 1; i < queue.length; i++) addEdge(queue[i - 1]!, queue[i]!)
  for (let s = 0; s < count; s++) {
    const struct = structs[s]!
    if (struct.clock + struct.length <= room.clockOf(struct.client)) continue
    for (const ref of referencesOf(struct)) {
      if (ref.client === struct.client && ref.clock >= struct.clock) return false
      if (ref.clock < room.clockOf(ref.client)) continue
      const reached = reachedBy.get(ref.client)
      const at = reached ? firstAbove(reached, ref.clock) : -1
      if (at < 0) return false
      if (ref.client === struct.client) {
        if (at >= position[s]!) return false
        continue // an earlier struct of the same client: the queue order already places it first
      }
      addEdge(queues.get(ref.client)![at]!, s)
    }
  }
  const ready: number[] = []
  for (let s = 0; s < count; s++) if (blocks[s] === 0) ready.push(s)
  let placed = 0
  while (ready.length > 0) {
    const s = ready.pop()!
    placed += 1
    for (let e = firstEdge[s]!; e >= 0; e = nextEdge[e]!) {
      const to = edgeTarget[e]!
      blocks[to]! -= 1
      if (blocks[to] === 0) ready.push(to)
    }
  }
  return placed === count
}

/** Index of the first value above `clock` in a non-decreasing list, or -1. */
function firstAbove(values: readonly number[], clock: number): number {
  let low = 0
  let high = values.length
  while (low < high) {
    const middle = (low + high) >> 1
    if (values[middle]! > clock) high = middle
    else low = middle + 1
  }
  return low < values.length ? low : -1
}
