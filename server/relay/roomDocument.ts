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
 */
import * as Y from 'yjs'

/** Result of checking an update against the room. */
export type UpdateCheck =
  | { kind: 'malformed'; reason: string }
  | { kind: 'waiting' }
  | { kind: 'redundant' }
  | { kind: 'ready' }

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

/** A room's content as update bytes, with validation of incoming updates. */
export class RoomDocument {
  private merged: Uint8Array
  private tail: Uint8Array[] = []
  private tailBytes = 0
  private readonly clocks: Map<number, number>

  /** Builds the room from stored rows (already validated when they were written). */
  constructor(rows: Uint8Array[]) {
    this.merged = rows.length === 0 ? EMPTY_UPDATE : rows.length === 1 ? rows[0]! : Y.mergeUpdates(rows)
    this.clocks = Y.decodeStateVector(Y.encodeStateVectorFromUpdate(this.merged))
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
    for (const struct of decoded.structs) {
      if (!(struct instanceof Y.Item)) continue
      const parent = struct.parent instanceof Y.ID ? struct.parent : null
      if (!have(struct.origin) || !have(struct.rightOrigin) || !have(parent)) return { kind: 'waiting' }
    }
    if (addsStructs) return { kind: 'ready' }
    if (decoded.ds.clients.size === 0) return { kind: 'redundant' }
    const base = this.compacted()
    return sameBytes(Y.mergeUpdates([base, update]), base) ? { kind: 'redundant' } : { kind: 'ready' }
  }

  /** Adds an update that `check` found `ready`. */
  apply(update: Uint8Array): void {
    const { to } = Y.parseUpdateMeta(update)
    for (const [client, clock] of to) if (clock > (this.clocks.get(client) ?? 0)) this.clocks.set(client, clock)
    this.tail.push(update)
    this.tailBytes += update.length
    if (this.tail.length >= MAX_TAIL) this.compacted()
  }
}
