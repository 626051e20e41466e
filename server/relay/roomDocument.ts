/**
 * A room's document kept as Yjs update bytes, not as a live `Y.Doc` (the y-redis approach):
 * a merged update plus a short tail of recent updates, and the state vector as a map. A
 * loaded room costs about its stored size in memory, and serving a client is `diffUpdate`.
 *
 * Because nothing integrates the bytes, every incoming update is checked before it is
 * accepted: it must decode completely, have no gaps in any client's clock range, and every
 * item's origin, right origin and parent must already be in the room or in the update itself.
 * An update that fails the dependency check is `waiting` (the caller holds it until the
 * missing part arrives); one that fails to decode is `malformed`.
 *
 * Two more checks stand in for what integrating into a live document would catch:
 * - an item that names its parent by id must name an item whose content is a type (a nested
 *   Y.Map, Y.Array, Y.Text…). The room keeps a small index of those ids (`TypeIndex`),
 *   built by decoding the room once, the first time an update names a parent by id that is
 *   not in the update itself, and extended with each accepted update from then on. The
 *   schema uses root-level types only, so the app's own traffic never builds it and a cold
 *   load costs no more than before.
 * - the update's items must have an integration order: an item may only refer to items of
 *   its own client with a lower clock, and references between clients must not form a cycle
 *   (a client would throw, or hold the items as pending forever).
 */
import * as Y from 'yjs'

/** Result of checking an update against the room. `ready` carries the ids of the type items it adds. */
export type UpdateCheck =
  | { kind: 'malformed'; reason: string }
  | { kind: 'waiting' }
  | { kind: 'redundant' }
  | { kind: 'ready'; types: Y.ID[] }

const EMPTY_UPDATE = Y.encodeStateAsUpdate(new Y.Doc())
const MAX_TAIL = 64

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/**
 * Applies the update to an empty scratch document: catches bytes that decode but make a real
 * client throw while integrating (bad content, bad delete ranges). Costs the update's size,
 * not the room's.
 */
function integratesCleanly(update: Uint8Array): boolean {
  const scratch = new Y.Doc({ gc: false })
  try {
    Y.applyUpdate(scratch, update)
    if (scratch.store.pendingStructs) Y.encodeStateAsUpdate(scratch)
    return true
  } catch {
    return false
  } finally {
    scratch.destroy()
  }
}

/**
 * Ids of items whose content is a type: the only valid parents an item may name by id.
 * Type items always have length 1, so an exact (client, clock) lookup is enough.
 */
export class TypeIndex {
  private readonly byClient = new Map<number, Set<number>>()
  private count = 0

  /** Indexes every type item in an update (used once, when a room loads). */
  static fromUpdate(update: Uint8Array): TypeIndex {
    const index = new TypeIndex()
    for (const struct of Y.decodeUpdate(update).structs) {
      if (struct instanceof Y.Item && struct.content instanceof Y.ContentType) index.add(struct.id)
    }
    return index
  }

  /** Number of type items indexed. */
  get size(): number {
    return this.count
  }

  /** Records a type item's id. */
  add(id: Y.ID): void {
    let clocks = this.byClient.get(id.client)
    if (!clocks) this.byClient.set(id.client, (clocks = new Set()))
    if (!clocks.has(id.clock)) this.count += 1
    clocks.add(id.clock)
  }

  /** Whether the item with that id is a type. */
  has(id: Y.ID): boolean {
    return this.byClient.get(id.client)?.has(id.clock) ?? false
  }
}

type Struct = ReturnType<typeof Y.decodeUpdate>['structs'][number]

function referencesOf(struct: Struct): Y.ID[] {
  if (!(struct instanceof Y.Item)) return []
  const refs: Y.ID[] = []
  if (struct.origin) refs.push(struct.origin)
  if (struct.rightOrigin) refs.push(struct.rightOrigin)
  if (struct.parent instanceof Y.ID) refs.push(struct.parent)
  return refs
}

/**
 * Whether the update's structs can be integrated in some order, given the clocks the room
 * already holds: each client's structs go in clock order, and a struct goes only once every
 * item it refers to is in the room or already placed. Mirrors how Yjs integrates an update.
 */
function hasIntegrationOrder(structs: Struct[], roomClocks: Map<number, number>): boolean {
  const queues = new Map<number, Struct[]>()
  for (const struct of structs) {
    const queue = queues.get(struct.id.client)
    if (queue) queue.push(struct)
    else queues.set(struct.id.client, [struct])
  }
  const placed = new Map<number, number>()
  const known = (client: number) => Math.max(placed.get(client) ?? 0, roomClocks.get(client) ?? 0)
  const next = new Map<number, number>([...queues.keys()].map((client) => [client, 0]))
  let remaining = structs.length
  let progress = true
  while (remaining > 0 && progress) {
    progress = false
    for (const [client, queue] of queues) {
      let i = next.get(client)!
      while (i < queue.length) {
        const struct = queue[i]!
        const end = struct.id.clock + struct.length
        const alreadyKnown = end <= (roomClocks.get(client) ?? 0)
        if (!alreadyKnown && !referencesOf(struct).every((ref) => ref.clock < known(ref.client) && (ref.client !== client || ref.clock < struct.id.clock))) break
        placed.set(client, Math.max(placed.get(client) ?? 0, end))
        i += 1
        remaining -= 1
        progress = true
      }
      next.set(client, i)
    }
  }
  return remaining === 0
}

/** A room's content as update bytes, with validation of incoming updates. */
export class RoomDocument {
  private merged: Uint8Array
  private tail: Uint8Array[] = []
  private tailBytes = 0
  private readonly clocks: Map<number, number>
  /** Built on first need (see the header); null until then. */
  private types: TypeIndex | null = null

  /** Builds the room from stored rows (already validated when they were written). */
  constructor(rows: Uint8Array[]) {
    this.merged = rows.length === 0 ? EMPTY_UPDATE : rows.length === 1 ? rows[0]! : Y.mergeUpdates(rows)
    this.clocks = Y.decodeStateVector(Y.encodeStateVectorFromUpdate(this.merged))
  }

  /** Number of items in the room whose content is a type (nested maps, arrays, texts). Builds the index. */
  get typeCount(): number {
    return this.typeIndex().size
  }

  /** Whether the type index has been built (diagnostics and tests). */
  get hasTypeIndex(): boolean {
    return this.types !== null
  }

  private typeIndex(): TypeIndex {
    return (this.types ??= TypeIndex.fromUpdate(this.compacted()))
  }

  /** Approximate stored size in bytes (what the room cap is measured against). */
  get size(): number {
    return this.merged.length + this.tailBytes
  }

  /** The room's state vector, encoded (sent as the relay's sync step 1). */
  stateVector(): Uint8Array {
    return Y.encodeStateVector(this.clocks)
  }

  /** Everything the room holds that a peer with `stateVector` lacks. Throws on a malformed vector. */
  diff(stateVector: Uint8Array): Uint8Array {
    Y.decodeStateVector(stateVector)
    return Y.diffUpdate(this.compacted(), stateVector)
  }

  /** The whole room as one merged update (merges the tail first). */
  compacted(): Uint8Array {
    if (this.tail.length > 0) {
      this.merged = Y.mergeUpdates([this.merged, ...this.tail])
      this.tail = []
      this.tailBytes = 0
    }
    return this.merged
  }

  /** Checks an update against the room without changing anything. */
  check(update: Uint8Array): UpdateCheck {
    let decoded: ReturnType<typeof Y.decodeUpdate>
    try {
      decoded = Y.decodeUpdate(update)
    } catch (error) {
      return { kind: 'malformed', reason: error instanceof Error ? error.message : 'undecodable update' }
    }
    for (const [client, deletes] of decoded.ds.clients) {
      if (!Number.isSafeInteger(client)) return { kind: 'malformed', reason: 'delete set client out of range' }
      for (const { clock, len } of deletes) {
        if (!Number.isSafeInteger(clock) || !Number.isSafeInteger(clock + len) || len < 1) return { kind: 'malformed', reason: 'delete set range out of range' }
      }
    }
    if (!integratesCleanly(update)) return { kind: 'malformed', reason: 'update does not integrate' }
    const ends = new Map<number, number>()
    let addsStructs = false
    for (const struct of decoded.structs) {
      const client = struct.id.client
      const known = this.clocks.get(client) ?? 0
      if (struct instanceof Y.Skip) return { kind: 'waiting' }
      if (!ends.has(client) && struct.id.clock > known) return { kind: 'waiting' }
      const end = struct.id.clock + struct.length
      if (!Number.isSafeInteger(end) || struct.length < 0) return { kind: 'malformed', reason: 'struct clock out of range' }
      ends.set(client, Math.max(end, known))
      if (end > known) addsStructs = true
    }
    const have = (id: Y.ID | null): boolean => {
      if (id === null) return true
      return id.clock < Math.max(ends.get(id.client) ?? 0, this.clocks.get(id.client) ?? 0)
    }
    const newTypes: Y.ID[] = []
    for (const struct of decoded.structs) {
      if (!(struct instanceof Y.Item)) continue
      const parent = struct.parent instanceof Y.ID ? struct.parent : null
      if (!have(struct.origin) || !have(struct.rightOrigin) || !have(parent)) return { kind: 'waiting' }
      if (struct.content instanceof Y.ContentType) newTypes.push(struct.id)
    }
    const typeInUpdate = new Set(newTypes.map((id) => `${id.client}:${id.clock}`))
    for (const struct of decoded.structs) {
      if (!(struct instanceof Y.Item) || !(struct.parent instanceof Y.ID)) continue
      if (struct.id.clock + struct.length <= (this.clocks.get(struct.id.client) ?? 0)) continue
      const parent = struct.parent
      if (!typeInUpdate.has(`${parent.client}:${parent.clock}`) && !this.typeIndex().has(parent)) return { kind: 'malformed', reason: 'parent is not a type' }
    }
    if (!hasIntegrationOrder(decoded.structs, this.clocks)) return { kind: 'malformed', reason: 'items refer to each other in a cycle' }
    if (addsStructs) return { kind: 'ready', types: newTypes }
    if (decoded.ds.clients.size === 0) return { kind: 'redundant' }
    const base = this.compacted()
    return sameBytes(Y.mergeUpdates([base, update]), base) ? { kind: 'redundant' } : { kind: 'ready', types: newTypes }
  }

  /** Adds an update that `check` found `ready`, with the type item ids that check reported. */
  apply(update: Uint8Array, types: readonly Y.ID[] = []): void {
    const { to } = Y.parseUpdateMeta(update)
    for (const [client, clock] of to) if (clock > (this.clocks.get(client) ?? 0)) this.clocks.set(client, clock)
    if (this.types) for (const id of types) this.types.add(id)
    this.tail.push(update)
    this.tailBytes += update.length
    if (this.tail.length >= MAX_TAIL) this.compacted()
  }
}
