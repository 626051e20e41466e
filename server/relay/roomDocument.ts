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
  | { kind: 'ready'; types: Y.ID[]; clocks: Map<number, number> }

const EMPTY_UPDATE = Y.encodeStateAsUpdate(new Y.Doc({ guid: 'empty' }))
/**
 * Recent updates kept unmerged. Merging costs the room's size, so it waits for many updates
 * (the room's storage compaction, every `compactAfterRows`, merges the tail too) unless the
 * tail grows past the room's own size.
 */
const MAX_TAIL = 256
const MIN_TAIL_BYTES = 64 * 1024
/**
 * A fixed guid for scratch documents: a `Y.Doc` without one draws a random uuid, one random
 * call per hex digit, which used to cost more than the whole rest of checking an update.
 */
const SCRATCH_GUID = 'scratch'

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/**
 * Applies the update to an empty scratch document: catches bytes that decode but make a real
 * client throw while integrating (bad content, bad delete ranges). Costs the update's size,
 * not the room's. Structs the scratch document cannot place stay pending there; they are not
 * re-encoded (that re-encoding cost several times the rest of the check and found nothing the
 * decode, the clock and reference checks and the integration-order check do not).
 */
function integratesCleanly(update: Uint8Array): boolean {
  const scratch = spareScratch ?? new Y.Doc({ gc: false, guid: SCRATCH_GUID })
  spareScratch = null
  let clean = false
  try {
    Y.applyUpdate(scratch, update)
    clean = true
  } catch {
    clean = false
  }
  if (clean && isBlank(scratch)) {
    scratch.store.pendingStructs = null
    scratch.store.pendingDs = null
    spareScratch = scratch
  } else {
    scratch.destroy()
  }
  return clean
}

/**
 * A scratch document that integrated nothing (everything it was given waits for missing
 * items, the usual case for a live update) is as good as new once its pending parts are
 * dropped, so the next check reuses it: making a `Y.Doc` draws a random client id, which
 * showed up in profiles of the relay under load.
 */
let spareScratch: Y.Doc | null = null

function isBlank(doc: Y.Doc): boolean {
  return doc.store.clients.size === 0 && doc.share.size === 0 && doc.subdocs.size === 0
}

/**
 * Whether an empty document would integrate none of these structs, so that the trial apply
 * (`integratesCleanly`) could only park them as pending and cannot fail: every client's first
 * struct starts after clock 0, or names (as origin, right origin or parent) an item of a
 * client the update does not contain. Yjs then holds that client's structs, and everything
 * that refers to them, as pending. The usual live update (a client's next edit) is such an
 * update, and skipping its trial apply cuts checking it from 13–45 µs to about 2 µs.
 * Decoding, the delete set ranges, the clocks, the references and the integration order are
 * still checked.
 * Anything unusual (a client in two blocks, a first struct that is not an item) is not
 * skipped.
 */
function integratesNothingAlone(structs: readonly Struct[]): boolean {
  const clients = new Set<number>()
  let previous: number | null = null
  for (const struct of structs) {
    const client = struct.id.client
    if (client === previous) continue
    if (clients.has(client)) return false
    clients.add(client)
    previous = client
  }
  previous = null
  for (const struct of structs) {
    const client = struct.id.client
    if (client === previous) continue
    previous = client
    if (struct.id.clock > 0) continue
    if (!(struct instanceof Y.Item)) return false
    if (!referencesOf(struct).some((ref) => ref.client !== client && !clients.has(ref.client))) return false
  }
  return true
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
  /** Bumped by every `apply`: keys the caches of encoded replies. */
  private version = 0
  private cachedStateVector: { version: number; bytes: Uint8Array } | null = null

  /**
   * Builds the room from stored rows (already validated when they were written). With the
   * state vector of the first row (stored by the last compaction), nothing is decoded: the
   * first row is kept as the merged update and the others as the tail; only their (small)
   * clocks are read. Decoding a 1 MB room once leaves several MB of process memory behind.
   */
  constructor(rows: Uint8Array[], firstRowStateVector: Uint8Array | null = null) {
    if (rows.length > 0 && firstRowStateVector) {
      this.merged = rows[0]!
      this.clocks = Y.decodeStateVector(firstRowStateVector)
      for (const row of rows.slice(1)) this.apply(row)
      this.version = 0
      return
    }
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
    if (this.cachedStateVector?.version !== this.version) this.cachedStateVector = { version: this.version, bytes: Y.encodeStateVector(this.clocks) }
    return this.cachedStateVector.bytes
  }

  /** Changes each time an update is added: lets callers cache what they derive from the room. */
  get revision(): number {
    return this.version
  }

  /**
   * Everything the room holds that a peer with `stateVector` lacks. Throws on a malformed
   * vector. A peer that holds none of the room's clients (a new device, or one with only its
   * own offline edits) gets the merged update as it is: no decoding and re-encoding.
   */
  diff(stateVector: Uint8Array): Uint8Array {
    return this.holdsNothingOf(Y.decodeStateVector(stateVector)) ? this.compacted() : Y.diffUpdate(this.compacted(), stateVector)
  }

  /** Whether a peer with these clocks lacks everything the room holds (so the diff is the whole room). */
  holdsNothingOf(peerClocks: Map<number, number>): boolean {
    for (const client of peerClocks.keys()) if ((peerClocks.get(client) ?? 0) > 0 && this.clocks.has(client)) return false
    return true
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
    if (!integratesNothingAlone(decoded.structs) && !integratesCleanly(update)) return { kind: 'malformed', reason: 'update does not integrate' }
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
    if (addsStructs) return { kind: 'ready', types: newTypes, clocks: ends }
    if (decoded.ds.clients.size === 0) return { kind: 'redundant' }
    const base = this.compacted()
    return sameBytes(Y.mergeUpdates([base, update]), base) ? { kind: 'redundant' } : { kind: 'ready', types: newTypes, clocks: ends }
  }

  /**
   * Adds an update that `check` found `ready`, with the type item ids and the clocks that
   * check reported (the clocks are read from the update when not given).
   */
  apply(update: Uint8Array, types: readonly Y.ID[] = [], clocks: ReadonlyMap<number, number> = Y.parseUpdateMeta(update).to): void {
    this.version += 1
    for (const [client, clock] of clocks) if (clock > (this.clocks.get(client) ?? 0)) this.clocks.set(client, clock)
    if (this.types) for (const id of types) this.types.add(id)
    // a frame's bytes may be a view into a larger network read: keep only the update's own bytes
    this.tail.push(update.byteLength < update.buffer.byteLength / 2 ? update.slice() : update)
    this.tailBytes += update.length
    if (this.tail.length >= MAX_TAIL || this.tailBytes > Math.max(MIN_TAIL_BYTES, this.merged.length)) this.compacted()
  }
}
