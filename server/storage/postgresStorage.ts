/**
 * PostgreSQL storage for relays that share one database. The synchronous contract
 * (`storage.ts`) runs through `syncBridge.ts`; catch-up reads and compaction run on an
 * ordinary asynchronous client, off the write path.
 *
 * Order: every row gets a per-room counter taken in the transaction that inserts it (an
 * upsert on `room_heads`, whose row lock makes a second writer of the room wait for the
 * first to commit), so counter order is commit order and counters have no gaps. A sequence
 * would not do: ids from a sequence can commit out of order. A batch locks its rooms in name
 * order, so relays writing the same rooms never deadlock.
 *
 * Compaction (`compactRoom`): one relay at a time per room (a transaction-level advisory
 * lock, also taken by `deleteRoom`); it reads the rows, merges them, deletes only rows up to
 * the highest counter it read and stores the merged row under that counter, all in one
 * transaction. Rows appended meanwhile stay; a relay killed midway leaves the room as it was.
 */
import postgres from 'postgres'
import * as Y from 'yjs'
import { openSyncBridge, type Rows, type Statement } from './syncBridge.js'
import type { CountedUpdate, RelayStorage, RoomAccess, SharedStorage } from './storage.js'

/** Tables, created when missing (under an advisory lock, so relays starting together do not race). */
const SCHEMA: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS rooms (
     room text PRIMARY KEY, write_hash text NOT NULL, read_hash text NOT NULL,
     created_at bigint NOT NULL, frozen_at bigint, deleted_at bigint)`,
  'CREATE TABLE IF NOT EXISTS room_heads (room text PRIMARY KEY, head bigint NOT NULL)',
  'CREATE TABLE IF NOT EXISTS updates (room text NOT NULL, counter bigint NOT NULL, data bytea NOT NULL, PRIMARY KEY (room, counter))',
  'CREATE TABLE IF NOT EXISTS compactions (room text PRIMARY KEY, counter bigint NOT NULL, state_vector bytea NOT NULL)',
  'CREATE TABLE IF NOT EXISTS lookup_cache (key text PRIMARY KEY, answer text NOT NULL, expires_at bigint NOT NULL)',
]

/** Key space of the relay's advisory locks (first half of the two-key form). */
const LOCK_SPACE = 7411

/** Inserts one row under the room's next counter; returns `counter`. */
const APPEND = `WITH head AS (
  INSERT INTO room_heads (room, head) VALUES ($1, 1)
  ON CONFLICT (room) DO UPDATE SET head = room_heads.head + 1 RETURNING head)
INSERT INTO updates (room, counter, data) SELECT $1, head, $2::bytea FROM head RETURNING counter`

/**
 * A relay's append, as two statements of its transaction: the first takes the room's next
 * counter (and the row lock of its head, which `deleteRoom` takes too); the second, with a
 * snapshot taken after that lock, stores the row unless the room was deleted meanwhile (then
 * it returns no row, and the append reports counter 0). Without the split, an append racing a
 * deletion through another relay could store a row in a deleted room.
 */
const TAKE_COUNTER = `INSERT INTO room_heads (room, head) VALUES ($1, 1)
  ON CONFLICT (room) DO UPDATE SET head = room_heads.head + 1 RETURNING head`
const INSERT_IF_LIVE = `INSERT INTO updates (room, counter, data)
  SELECT $1, head, $2::bytea FROM room_heads
  WHERE room = $1 AND NOT EXISTS (SELECT 1 FROM rooms WHERE room = $1 AND deleted_at IS NOT NULL) RETURNING counter`

/** Options of `openPostgresStorage`. */
export interface PostgresStorageOptions {
  /** Schema holding the tables (created if missing); default `public`. Tests use one per run. */
  schema?: string
  /** Deadline of one synchronous call. Default 5 s. */
  timeoutMs?: number
}

const bytes = (value: unknown): Uint8Array => value as Uint8Array
const count = (value: unknown): number => Number(value)

/** Opens (and creates the tables of) a PostgreSQL store. Throws if the database cannot be reached. */
export function openPostgresStorage(url: string, options: PostgresStorageOptions = {}): RelayStorage {
  const schema = options.schema ?? 'public'
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`bad schema name "${schema}"`)
  const connection = { search_path: schema }
  const bridge = openSyncBridge(url, { timeoutMs: options.timeoutMs, connection })
  try {
    bridge.transaction([
      { sql: 'SELECT pg_advisory_xact_lock($1, 0)', params: [LOCK_SPACE] },
      { sql: `CREATE SCHEMA IF NOT EXISTS ${schema}` },
      ...SCHEMA.map((sql) => ({ sql })),
    ])
  } catch (error) {
    bridge.close()
    throw error
  }
  const client = postgres(url, { max: 4, connect_timeout: 3, idle_timeout: 30, fetch_types: false, onnotice: () => {}, connection })
  // running total of this relay's view of stored bytes: read once, then kept up to date by its own writes
  let totalBytes = count(bridge.query({ sql: 'SELECT coalesce(sum(octet_length(data)), 0) AS n FROM updates' })[0]!.n)
  let open = true

  const q = (sql: string, ...params: unknown[]): Rows => bridge.query({ sql, params })
  const lockRoom = (room: string): Statement => ({ sql: 'SELECT pg_advisory_xact_lock($1, hashtext($2))', params: [LOCK_SPACE, room] })

  /** The batch's appends, rooms in name order (stable: a room's rows keep their order), so relays writing the same rooms never deadlock. */
  function appendStatements(batch: ReadonlyArray<{ room: string; update: Uint8Array }>): { order: number[]; statements: Statement[] } {
    const order = batch.map((_, index) => index).sort((a, b) => (batch[a]!.room < batch[b]!.room ? -1 : batch[a]!.room > batch[b]!.room ? 1 : a - b))
    const statements = order.flatMap((index): Statement[] => [
      { sql: TAKE_COUNTER, params: [batch[index]!.room] },
      { sql: INSERT_IF_LIVE, params: [batch[index]!.room, batch[index]!.update] },
    ])
    return { order, statements }
  }

  /** Counters of a committed batch, back in the batch's order (0: not stored, the room was deleted); counts its bytes. */
  function countersOf(batch: ReadonlyArray<{ room: string; update: Uint8Array }>, order: number[], results: Rows[]): number[] {
    const counters = new Array<number>(batch.length)
    order.forEach((index, at) => {
      const row = results[2 * at + 1]![0]
      counters[index] = row ? count(row.counter) : 0
      if (row) totalBytes += batch[index]!.update.length
    })
    return counters
  }

  function appendCounted(batch: ReadonlyArray<{ room: string; update: Uint8Array }>): number[] {
    if (batch.length === 0) return []
    const { order, statements } = appendStatements(batch)
    return countersOf(batch, order, bridge.transaction(statements))
  }

  function startAppendCounted(batch: ReadonlyArray<{ room: string; update: Uint8Array }>, done: (error: Error | null, counters?: number[]) => void): void {
    if (batch.length === 0) return done(null, [])
    const { order, statements } = appendStatements(batch)
    bridge.startTransaction(statements, (error, results) => (error ? done(error) : done(null, countersOf(batch, order, results!))))
  }

  /** Replaces rows of a room by `merged` under a new counter; `lastCount` null: all rows. Returns the change in bytes. */
  function replaceRows(room: string, lastCount: number | null, merged: Uint8Array, stateVector: Uint8Array | undefined): number {
    const chosen =
      lastCount === null
        ? 'SELECT counter FROM updates WHERE room = $1'
        : 'SELECT counter FROM updates WHERE room = $1 ORDER BY counter DESC LIMIT $2'
    const chosenParams = lastCount === null ? [room] : [room, lastCount]
    const results = bridge.transaction([
      lockRoom(room),
      { sql: `DELETE FROM updates WHERE room = $1 AND counter IN (${chosen}) RETURNING octet_length(data) AS n`, params: chosenParams },
      { sql: APPEND, params: [room, merged] },
      stateVector
        ? { sql: `INSERT INTO compactions (room, counter, state_vector) VALUES ($1, (SELECT head FROM room_heads WHERE room = $1), $2::bytea)
                  ON CONFLICT (room) DO UPDATE SET counter = excluded.counter, state_vector = excluded.state_vector`, params: [room, stateVector] }
        : // without a state vector, a full replacement drops the old one (a partial one keeps it)
          { sql: 'DELETE FROM compactions WHERE room = $1 AND NOT EXISTS (SELECT 1 FROM updates WHERE room = $1 AND counter < (SELECT head FROM room_heads WHERE room = $1))', params: [room] },
    ])
    const replaced = results[1]!.reduce((sum, row) => sum + count(row.n), 0)
    return merged.length - replaced
  }

  const shared: SharedStorage = {
    loadRoom(room) {
      const [rows, head, compaction] = bridge.transaction(
        [
          { sql: 'SELECT data FROM updates WHERE room = $1 ORDER BY counter', params: [room] },
          { sql: 'SELECT head FROM room_heads WHERE room = $1', params: [room] },
          {
            sql: `SELECT c.state_vector, (SELECT count(*) FROM updates u WHERE u.room = c.room AND u.counter <= c.counter) AS rows
                  FROM compactions c WHERE c.room = $1 AND EXISTS (SELECT 1 FROM updates u WHERE u.room = c.room AND u.counter = c.counter)`,
            params: [room],
          },
        ],
        'isolation level repeatable read read only',
      )
      return {
        rows: rows!.map((row) => bytes(row.data)),
        head: head!.length > 0 ? count(head![0]!.head) : 0,
        stateVectorThrough: compaction!.length > 0 ? { rows: count(compaction![0]!.rows), stateVector: bytes(compaction![0]!.state_vector) } : null,
      }
    },
    appendCounted,
    startAppendCounted,
    settleAppends: () => bridge.settle(),
    async updatesAfter(room, after, limit) {
      const rows = await client`SELECT counter, data FROM updates WHERE room = ${room} AND counter > ${after} ORDER BY counter LIMIT ${limit}`
      return rows.map((row): CountedUpdate => ({ counter: count(row.counter), update: new Uint8Array(row.data as Buffer) }))
    },
    async heads(rooms) {
      if (rooms.length === 0) return new Map()
      const rows = await client`SELECT room, head FROM room_heads WHERE room IN (SELECT jsonb_array_elements_text(${JSON.stringify(rooms)}::text::jsonb))`
      return new Map(rows.map((row) => [row.room as string, count(row.head)]))
    },
    async compactRoom(room, maxBytes) {
      let delta = 0
      const done = await client.begin(async (tx) => {
        const [lock] = await tx`SELECT pg_try_advisory_xact_lock(${LOCK_SPACE}, hashtext(${room})) AS ok`
        if (!lock?.ok) return false
        // the longest run of trailing rows within maxBytes (bounded work per compaction)
        const sizes = await tx`SELECT counter, octet_length(data) AS n FROM updates WHERE room = ${room} ORDER BY counter DESC`
        let picked = 0
        let bytes = 0
        while (picked < sizes.length && bytes + count(sizes[picked]!.n) <= maxBytes) bytes += count(sizes[picked++]!.n)
        if (picked < 2) return false
        const top = count(sizes[0]!.counter)
        const low = count(sizes[picked - 1]!.counter)
        const rows = await tx`SELECT data FROM updates WHERE room = ${room} AND counter BETWEEN ${low} AND ${top} ORDER BY counter`
        const merged = Y.mergeUpdates(rows.map((row) => new Uint8Array(row.data as Buffer)))
        // only rows this merge covers go: anything committed after the read has a higher counter
        await tx`DELETE FROM updates WHERE room = ${room} AND counter BETWEEN ${low} AND ${top}`
        await tx`INSERT INTO updates (room, counter, data) VALUES (${room}, ${top}, ${Buffer.from(merged)})`
        if (picked === sizes.length) {
          // the merged row is the whole room: its state vector lets the next load skip decoding it
          const stateVector = Y.encodeStateVectorFromUpdate(merged)
          await tx`INSERT INTO compactions (room, counter, state_vector) VALUES (${room}, ${top}, ${Buffer.from(stateVector)})
                   ON CONFLICT (room) DO UPDATE SET counter = excluded.counter, state_vector = excluded.state_vector`
        }
        delta = merged.length - bytes
        return true
      })
      totalBytes += delta
      return done
    },
    async ping() {
      try {
        await client`SELECT 1`
        return true
      } catch {
        return false
      }
    },
  }

  return {
    getAccess(room) {
      const row = q('SELECT write_hash, read_hash FROM rooms WHERE room = $1', room)[0]
      return row ? { writeHash: row.write_hash as string, readHash: row.read_hash as string } : null
    },
    claim(room, access: RoomAccess) {
      const rows = q('INSERT INTO rooms (room, write_hash, read_hash, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (room) DO NOTHING RETURNING room', room, access.writeHash, access.readHash, Date.now())
      return rows.length === 1
    },
    freeze(room) {
      return q('UPDATE rooms SET frozen_at = coalesce(frozen_at, $2) WHERE room = $1 RETURNING room', room, Date.now()).length === 1
    },
    isFrozen(room) {
      return (q('SELECT frozen_at FROM rooms WHERE room = $1', room)[0]?.frozen_at ?? null) !== null
    },
    deleteRoom(room) {
      const [, , marked, removed] = bridge.transaction([
        lockRoom(room),
        // waits for appends of the room in flight; appends after it see the deletion (`INSERT_IF_LIVE`)
        { sql: 'SELECT head FROM room_heads WHERE room = $1 FOR UPDATE', params: [room] },
        { sql: 'UPDATE rooms SET deleted_at = coalesce(deleted_at, $2) WHERE room = $1 RETURNING room', params: [room, Date.now()] },
        { sql: 'DELETE FROM updates WHERE room = $1 AND EXISTS (SELECT 1 FROM rooms WHERE room = $1) RETURNING octet_length(data) AS n', params: [room] },
        { sql: 'DELETE FROM compactions WHERE room = $1 AND EXISTS (SELECT 1 FROM rooms WHERE room = $1)', params: [room] },
      ])
      totalBytes -= removed!.reduce((sum, row) => sum + count(row.n), 0)
      return marked!.length === 1
    },
    isDeleted(room) {
      return (q('SELECT deleted_at FROM rooms WHERE room = $1', room)[0]?.deleted_at ?? null) !== null
    },
    loadUpdates(room) {
      return q('SELECT data FROM updates WHERE room = $1 ORDER BY counter', room).map((row) => bytes(row.data))
    },
    appendUpdate(room, update) {
      appendCounted([{ room, update }])
    },
    appendUpdates(batch) {
      appendCounted(batch)
    },
    replaceUpdates(room, merged, stateVector) {
      totalBytes += replaceRows(room, null, merged, stateVector)
    },
    replaceLastUpdates(room, lastCount, merged, stateVector) {
      totalBytes += replaceRows(room, lastCount, merged, stateVector)
    },
    loadStateVectorThrough(room) {
      const row = q(
        `SELECT c.state_vector, (SELECT count(*) FROM updates u WHERE u.room = c.room AND u.counter <= c.counter) AS rows
         FROM compactions c WHERE c.room = $1 AND EXISTS (SELECT 1 FROM updates u WHERE u.room = c.room AND u.counter = c.counter)`,
        room,
      )[0]
      return row ? { rows: count(row.rows), stateVector: bytes(row.state_vector) } : null
    },
    loadCompactedStateVector(room) {
      const row = q(
        'SELECT state_vector FROM compactions c WHERE room = $1 AND counter = (SELECT min(counter) FROM updates WHERE room = $1)',
        room,
      )[0]
      return row ? bytes(row.state_vector) : null
    },
    storedBytes: () => totalBytes,
    isReady() {
      if (!open) return false
      try {
        bridge.query({ sql: 'SELECT 1' }, 1000)
        return true
      } catch {
        return false
      }
    },
    shared,
    lookupCache: {
      getCached(key) {
        const row = q('SELECT answer, expires_at FROM lookup_cache WHERE key = $1', key)[0]
        return row ? { answer: row.answer as string, expiresAt: count(row.expires_at) } : null
      },
      putCached(key, answer, expiresAt) {
        q('INSERT INTO lookup_cache (key, answer, expires_at) VALUES ($1, $2, $3) ON CONFLICT (key) DO UPDATE SET answer = excluded.answer, expires_at = excluded.expires_at', key, answer, expiresAt)
      },
      pruneCached(at) {
        q('DELETE FROM lookup_cache WHERE expires_at <= $1', at)
      },
    },
    close() {
      if (!open) return
      open = false
      bridge.close()
      void client.end({ timeout: 1 })
    },
  }
}
