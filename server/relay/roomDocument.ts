/**
 * A room's document kept as Yjs update bytes, not as a live `Y.Doc` (the y-redis approach):
 * the same list of rows storage holds, and the state vector as a map. A loaded room costs
 * about its stored size in memory.
 *
 * Rows are bounded: recent updates are appended as they come, and `settle` merges the
 * longest run of trailing rows that fits in `ROW_BYTES` and `ROW_CLIENTS` into one. So no
 * merge, and no piece of a sync reply (`replyPieces`), ever handles more than about
 * `ROW_BYTES` or `ROW_CLIENTS` client blocks (a single larger row goes alone), however large
 * the room.
 *
 * Because nothing integrates the bytes, every incoming update is checked before it is
 * accepted (`check`, steps in `updateChecks.ts`): it must decode completely, stay within the
 * per-update bounds, have no gaps in any client's clock range, every item's origin, right
 * origin and parent must already be in the room or in the update itself, an item naming its
 * parent by id must name a type, and the update's items must have an integration order. An
 * update that fails the dependency check is `waiting` (the caller holds it until the missing
 * clock arrives); one that fails anything else is `malformed`.
 *
 * The parent check needs the ids of the room's type items (`TypeIndex`): built by decoding the
 * room's rows once, the first time an update names a parent by id that is not in the update
 * itself, and extended with each accepted update from then on. A room within `ROW_BYTES` is
 * decoded at once; a larger one a row per step (`buildTypeIndexStep`, which the room runs one
 * per event-loop turn), and until it is complete such an update waits for
 * `TYPE_INDEX_CLOCK` (held like any update waiting for a dependency). The schema uses
 * root-level types only, so the app's own traffic never builds it.
 */
import * as Y from 'yjs'
import { DeleteIndex } from './deleteIndex.js'
import {
  continuesRoomClocks,
  declaresFewClients,
  deleteRangesValid,
  hasIntegrationOrder,
  integratesAlone,
  integratesInClient,
  parentsAreTypes,
  referencesPresent,
  withinBounds,
  type MissingClock,
  type RoomView,
  type UpdateCheck,
} from './updateChecks.js'
import { declaredClientBlocks, decodeUpdateStructs, type DecodedUpdate, type DeletedRange } from './yjsStructs.js'

export type { UpdateCheck } from './updateChecks.js'

/**
 * Most bytes one settled row (a merge of trailing rows) or one reply piece holds: bounds the
 * work of one merge or one diff, and the size of one frame sent, whatever the room's size.
 */
export const ROW_BYTES = 1024 * 1024

/**
 * Most client blocks (as each row declares them) one merge or one reply piece handles. Yjs
 * merges and diffs at a few microseconds per struct, and a row of one-item clients packs about
 * 90,000 structs into `ROW_BYTES`; rows are grouped only while their declared clients stay
 * under this, so a piece built from many-client rows costs tens of milliseconds, not hundreds.
 * Honest rows hold a few clients each. A single row above it is handled alone.
 */
export const ROW_CLIENTS = 4_096

/** The client blocks a stored row declares (its first varuint); rows were checked on the way in. */
const rowClients = (row: Uint8Array): number => {
  try {
    return declaredClientBlocks(row)
  } catch {
    return ROW_CLIENTS
  }
}

/**
 * What an update naming a parent by id waits for while a large room's type index is being
 * built: this pseudo client's clock is 1 once the index is complete, 0 before.
 */
export const TYPE_INDEX_CLOCK: MissingClock = { client: -1, clock: 0 }

const EMPTY_UPDATE = Y.encodeStateAsUpdate(new Y.Doc({ guid: 'empty' }))

/**
 * Ids of items whose content is a type: the only valid parents an item may name by id.
 * Type items always have length 1, so an exact (client, clock) lookup is enough.
 */
export class TypeIndex {
  private readonly byClient = new Map<number, Set<number>>()
  private count = 0

  /** Indexes the type items of one stored row (one decode of at most about `ROW_BYTES`). */
  addRow(row: Uint8Array): void {
    for (const struct of decodeUpdateStructs(row).structs) if (struct.isType) this.add(Y.createID(struct.client, struct.clock))
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

/** What `settle` merged: storage replaces the room's last `rows` rows with `merged`. */
export interface Settled {
  rows: number
  merged: Uint8Array
}

/** A room's content as bounded update rows, with validation of incoming updates. */
export class RoomDocument {
  private readonly rows: Uint8Array[]
  private bytes = 0
  /** Rows before this index have been through `settle`. */
  private settledRows = 0
  /** Bytes of the rows after `settledRows`, kept as rows are added and settled. */
  private unsettledBytes = 0
  private readonly clocks = new Map<number, number>()
  /** Built on first need (see the header); null until then. */
  private types: TypeIndex | null = null
  /** Rows before this index are in `types`; the index is complete when it reaches the row count. */
  private typesThroughRow = 0
  private readonly deletes = new DeleteIndex()
  /** Bumped by every `apply`: keys the caches of encoded replies. */
  private version = 0
  private cachedStateVector: { version: number; bytes: Uint8Array } | null = null
  private readonly view: RoomView = {
    clockOf: (client) => this.clocks.get(client) ?? 0, // never the type index's pseudo client: ids decoded from updates are unsigned
    isType: (id) => this.lookUpType(id),
    knowsDeleted: (ranges) => this.deletes.coversAll(ranges),
  }

  /**
   * Builds the room from stored rows (already validated when they were written), merging
   * nothing. With the state vector stored by the last compaction, which covers the first
   * `coveredRows` rows, those rows are not read at all; the clocks of later rows (appended
   * since) are read with `parseUpdateMeta`.
   */
  constructor(rows: Uint8Array[], storedStateVector: Uint8Array | null = null, coveredRows = 1) {
    this.rows = [...rows]
    // loaded rows count as unsettled: rows appended before a crash are merged by the next settle
    const covered = storedStateVector && rows.length > 0 ? Math.min(coveredRows, rows.length) : 0
    if (storedStateVector && covered > 0) this.raiseClocks(Y.decodeStateVector(storedStateVector))
    this.rows.forEach((row, i) => {
      this.bytes += row.length
      this.unsettledBytes += row.length
      if (i >= covered) this.raiseClocks(Y.parseUpdateMeta(row).to)
    })
  }

  /** The last row (compaction stores a state vector beside it). */
  get lastRow(): Uint8Array | undefined {
    return this.rows[this.rows.length - 1]
  }

  /** Number of items in the room whose content is a type (nested maps, arrays, texts). Builds the whole index: tests and tools only. */
  get typeCount(): number {
    while (!this.buildTypeIndexStep());
    return this.types!.size
  }

  /** Whether the type index has been started (diagnostics and tests). */
  get hasTypeIndex(): boolean {
    return this.types !== null
  }

  /** Whether the type index covers every row (`TYPE_INDEX_CLOCK` has arrived). */
  get typeIndexComplete(): boolean {
    return this.types !== null && this.typesThroughRow >= this.rows.length
  }

  /**
   * Adds the next row's type items to the index (starting it if needed); returns true once
   * the index is complete. Costs one row's decode, at most about `ROW_BYTES`.
   */
  buildTypeIndexStep(): boolean {
    this.types ??= new TypeIndex()
    if (this.typesThroughRow < this.rows.length) {
      this.types.addRow(this.rows[this.typesThroughRow]!)
      this.typesThroughRow += 1
    }
    return this.typeIndexComplete
  }

  /** Whether an id is a type item; null while a large room's index is still being built. */
  private lookUpType(id: Y.ID): boolean | null {
    if (!this.types && this.bytes <= ROW_BYTES) while (!this.buildTypeIndexStep());
    if (this.types?.has(id)) return true
    if (!this.typeIndexComplete) {
      this.types ??= new TypeIndex()
      return null
    }
    return false
  }

  /** Approximate stored size in bytes (what the room cap is measured against). */
  get size(): number {
    return this.bytes
  }

  /** Number of rows (the same as storage holds once queued appends are written). */
  get rowCount(): number {
    return this.rows.length
  }

  /** Rows appended since the last `settle`, and their bytes. */
  get unsettled(): { rows: number; bytes: number } {
    return { rows: this.rows.length - this.settledRows, bytes: this.unsettledBytes }
  }

  /** The room's state vector, encoded (sent as the relay's sync step 1). */
  stateVector(): Uint8Array {
    if (this.cachedStateVector?.version !== this.version) this.cachedStateVector = { version: this.version, bytes: Y.encodeStateVector(this.clocks) }
    return this.cachedStateVector.bytes
  }

  /** The room's clock for a client: how much of it the room holds (0 for none). */
  clockOf(client: number): number {
    if (client === TYPE_INDEX_CLOCK.client) return this.typeIndexComplete ? 1 : 0
    return this.clocks.get(client) ?? 0
  }

  /** Whether a peer with these clocks lacks everything the room holds (so each piece is sent as stored). */
  holdsNothingOf(peerClocks: Map<number, number>): boolean {
    for (const client of peerClocks.keys()) if ((peerClocks.get(client) ?? 0) > 0 && this.clocks.has(client)) return false
    return true
  }

  /**
   * What a peer with `stateVector` lacks, as pieces computed one at a time: consecutive rows
   * grouped up to `ROW_BYTES`, each group merged and diffed against the vector when its piece
   * is asked for. Each piece costs at most about `ROW_BYTES` of work and bytes. The pieces
   * are a snapshot: later updates do not change them. Throws on a malformed vector.
   */
  replyPieces(stateVector: Uint8Array): Array<() => Uint8Array> {
    const whole = this.holdsNothingOf(Y.decodeStateVector(stateVector))
    const groups: Uint8Array[][] = []
    let groupBytes = 0
    let groupClients = 0
    for (const row of this.rows) {
      const last = groups[groups.length - 1]
      const clients = rowClients(row)
      if (last && groupBytes + row.length <= ROW_BYTES && groupClients + clients <= ROW_CLIENTS) {
        last.push(row)
        groupBytes += row.length
        groupClients += clients
      } else {
        groups.push([row])
        groupBytes = row.length
        groupClients = clients
      }
    }
    if (groups.length === 0) return [() => EMPTY_UPDATE]
    return groups.map((group) => () => {
      const merged = group.length === 1 ? group[0]! : Y.mergeUpdates(group)
      return whole ? merged : Y.diffUpdate(merged, stateVector)
    })
  }

  /** The whole room as one update. Costs the room's size: for tests and tools, never on a peer's message. */
  merged(): Uint8Array {
    return this.rows.length === 0 ? EMPTY_UPDATE : Y.mergeUpdates(this.rows)
  }

  /**
   * Merges the longest run of trailing rows that fits in `ROW_BYTES` into one (bounded work).
   * Returns what storage must replace, or null when there is nothing to merge.
   */
  settle(): Settled | null {
    this.settledRows = this.rows.length
    this.unsettledBytes = 0
    let count = 0
    let bytes = 0
    let clients = 0
    while (count < this.rows.length) {
      const row = this.rows[this.rows.length - 1 - count]!
      const rowClientBlocks = rowClients(row)
      if (bytes + row.length > ROW_BYTES || clients + rowClientBlocks > ROW_CLIENTS) break
      bytes += row.length
      clients += rowClientBlocks
      count += 1
    }
    if (count < 2) return null
    const merged = Y.mergeUpdates(this.rows.slice(-count))
    const firstMerged = this.rows.length - count
    this.rows.splice(-count, count, merged)
    // rows merged into one that the index had not all read are read again from the merged row
    if (this.typesThroughRow > firstMerged && this.typesThroughRow < firstMerged + count) this.typesThroughRow = firstMerged
    else if (this.typesThroughRow >= firstMerged + count) this.typesThroughRow = this.rows.length
    this.bytes += merged.length - bytes
    this.settledRows = this.rows.length
    this.unsettledBytes = 0
    return { rows: count, merged }
  }

  /**
   * Checks an update against the room without changing anything: decode, then the named
   * steps of `updateChecks.ts`, then whether it adds anything. `committed`: the update was
   * checked and committed by another relay sharing the store, against the same rows, so the
   * trial integration in a scratch document (the costliest step) is skipped; the bounds and
   * the room's clocks, references and types are still checked.
   */
  check(update: Uint8Array, committed = false): UpdateCheck {
    const tooMany = declaresFewClients(update)
    if (tooMany) return tooMany
    let decoded: DecodedUpdate
    try {
      decoded = decodeUpdateStructs(update)
    } catch (error) {
      return { kind: 'malformed', reason: error instanceof Error ? error.message : 'undecodable update' }
    }
    const { structs, deletes } = decoded
    const outOfBounds = withinBounds(decoded) ?? deleteRangesValid(deletes)
    if (outOfBounds) return outOfBounds
    const span = continuesRoomClocks(structs, this.view)
    if ('kind' in span) return span
    const missing = referencesPresent(structs, span.ends, this.view)
    if (missing) return missing
    const types = parentsAreTypes(structs, this.view, TYPE_INDEX_CLOCK)
    if ('kind' in types) return types
    const alone = integratesAlone(structs)
    if (!alone && !hasIntegrationOrder(structs, this.view)) return { kind: 'malformed', reason: 'items refer to each other in a cycle' }
    const throws = alone && !committed ? integratesInClient(update) : null
    if (throws) return throws
    if (!span.addsStructs && (deletes.length === 0 || this.view.knowsDeleted(deletes))) return { kind: 'redundant' }
    return { kind: 'ready', types, clocks: span.ends, deletes }
  }

  /**
   * Appends an update that `check` found `ready`, with the type item ids, clocks and deleted
   * ranges that check reported (the clocks are read from the update when not given).
   */
  apply(
    update: Uint8Array,
    types: readonly Y.ID[] = [],
    clocks: ReadonlyMap<number, number> = Y.parseUpdateMeta(update).to,
    deletes: readonly DeletedRange[] = [],
  ): void {
    this.version += 1
    this.raiseClocks(clocks)
    const indexComplete = this.typeIndexComplete
    if (this.types) for (const id of types) this.types.add(id)
    this.deletes.addAll(deletes)
    // a frame's bytes may be a view into a larger network read: keep only the update's own bytes
    this.rows.push(update.byteLength < update.buffer.byteLength / 2 ? update.slice() : update)
    this.unsettledBytes += update.byteLength
    this.bytes += update.length
    if (indexComplete) this.typesThroughRow = this.rows.length
  }

  private raiseClocks(clocks: ReadonlyMap<number, number>): void {
    for (const [client, clock] of clocks) if (clock > (this.clocks.get(client) ?? 0)) this.clocks.set(client, clock)
  }
}
