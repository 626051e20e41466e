/**
 * Synchronous SQL over an asynchronous PostgreSQL client. The relay's storage contract is
 * synchronous on purpose (an update is durable before anyone sees it, a room is loaded before
 * any sync reply), so the PostgreSQL storage runs its client (porsager's `postgres`) in a
 * worker thread and waits for each answer with `Atomics.wait`, reading it with
 * `receiveMessageOnPort`. One call costs one round trip to the database plus a few tens of
 * microseconds; the relay batches the appends of one event-loop turn into one call.
 *
 * Every call has a deadline (`timeoutMs`): a database that stops answering blocks the relay
 * for at most that long per call, and the call throws `StoreUnavailableError`. A late answer
 * to a call that timed out is dropped (answers carry the call's id).
 */
import { createRequire } from 'node:module'
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads'
import { StoreUnavailableError } from './storage.js'

/** One SQL statement with its parameters (`Uint8Array` parameters are sent as `bytea`). */
export interface Statement {
  sql: string
  params?: unknown[]
}

/** Rows of one statement, as plain objects (`bytea` columns arrive as `Uint8Array`). */
export type Rows = Array<Record<string, unknown>>

/** A synchronous connection to PostgreSQL. */
export interface SyncBridge {
  /** Runs one statement (its own transaction) and returns its rows. */
  query(statement: Statement, timeoutMs?: number): Rows
  /**
   * Runs statements in one transaction, sent together (pipelined), in order; returns the rows
   * of each. `isolation` is e.g. `repeatable read`. If one fails, none takes effect.
   */
  transaction(statements: Statement[], isolation?: string, timeoutMs?: number): Rows[]
  /** Ends the connection and the worker. */
  close(): void
}

/** SQLSTATE classes that mean the database cannot serve now (connection, shutdown, resources). */
const UNAVAILABLE_CLASSES = new Set(['08', '53', '57', '58'])

/** The worker: a CommonJS script (evaluated), so it runs from the compiled relay and from sources alike. */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads')
const postgres = require(workerData.postgresPath)
const { port, flag, url, options } = workerData
const sql = postgres(url, { max: 1, connect_timeout: options.connectTimeoutSeconds, idle_timeout: 0, fetch_types: false, onnotice: () => {}, connection: options.connection })
const asBuffer = (value) => value instanceof Uint8Array ? Buffer.from(value.buffer, value.byteOffset, value.byteLength) : value
const params = (list) => (list || []).map((value) => Array.isArray(value) ? value.map(asBuffer) : asBuffer(value))
const plain = (result) => Array.from(result, (row) => Object.assign({}, row))
const run = (tx, statement) => tx.unsafe(statement.sql, params(statement.params), { prepare: true })
function answer(reply) {
  port.postMessage(reply)
  Atomics.add(flag, 0, 1)
  Atomics.notify(flag, 0)
}
port.on('message', async (message) => {
  try {
    if (message.kind === 'query') answer({ id: message.id, rows: plain(await run(sql, message.statement)) })
    else if (message.kind === 'transaction') {
      const results = await sql.begin(message.isolation || '', (tx) => Promise.all(message.statements.map((s) => run(tx, s))))
      answer({ id: message.id, results: results.map(plain) })
    } else if (message.kind === 'close') {
      await sql.end({ timeout: 1 })
      answer({ id: message.id, rows: [] })
      port.close()
    }
  } catch (error) {
    answer({ id: message.id, error: { message: String(error && error.message || error), code: error && error.code ? String(error.code) : '' } })
  }
})
`

/** Options of `openSyncBridge`. */
export interface SyncBridgeOptions {
  /** Default deadline of one call. Default 5 s. */
  timeoutMs?: number
  /** Seconds the client waits for a connection. Default 3. */
  connectTimeoutSeconds?: number
  /** Run-time parameters of each session (e.g. `search_path`). */
  connection?: Record<string, string>
}

/** Starts the worker and returns the synchronous calls. Nothing connects until the first call. */
export function openSyncBridge(url: string, options: SyncBridgeOptions = {}): SyncBridge {
  const defaultTimeout = options.timeoutMs ?? 5000
  const flag = new Int32Array(new SharedArrayBuffer(4))
  const { port1, port2 } = new MessageChannel()
  const postgresPath = createRequire(import.meta.url).resolve('postgres')
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { port: port2, flag, url, postgresPath, options: { connectTimeoutSeconds: options.connectTimeoutSeconds ?? 3, connection: options.connection ?? {} } },
    transferList: [port2],
  })
  worker.unref()
  let nextId = 1
  let closed = false

  function call(message: Record<string, unknown>, timeoutMs: number): { rows?: Rows; results?: Rows[] } {
    if (closed) throw new StoreUnavailableError('the PostgreSQL connection is closed')
    const id = nextId++
    port1.postMessage({ ...message, id })
    const deadline = performance.now() + timeoutMs
    // bounded: each pass either takes one answer from the port or waits until the deadline
    for (;;) {
      const seen = Atomics.load(flag, 0)
      const received = receiveMessageOnPort(port1 as MessagePort)
      if (received) {
        const reply = received.message as { id: number; rows?: Rows; results?: Rows[]; error?: { message: string; code: string } }
        if (reply.id !== id) continue // the late answer to a call that timed out
        if (reply.error) throw storeError(reply.error)
        return reply
      }
      const left = deadline - performance.now()
      if (left <= 0 || Atomics.wait(flag, 0, seen, left) === 'timed-out') {
        throw new StoreUnavailableError(`PostgreSQL did not answer within ${timeoutMs} ms`)
      }
    }
  }

  return {
    query: (statement, timeoutMs = defaultTimeout) => call({ kind: 'query', statement }, timeoutMs).rows!,
    transaction: (statements, isolation, timeoutMs = defaultTimeout) => call({ kind: 'transaction', statements, isolation }, timeoutMs).results!,
    close() {
      if (closed) return
      try {
        call({ kind: 'close' }, 2000)
      } catch {
        // the database is gone already; the worker ends below
      }
      closed = true
      port1.close()
      void worker.terminate()
    },
  }
}

/** A database error as the relay sees it: unavailability is its own type (the relay closes with `storeUnavailable`). */
function storeError(error: { message: string; code: string }): Error {
  const sqlState = /^[0-9A-Z]{5}$/.test(error.code) ? error.code : null
  if (sqlState === null || UNAVAILABLE_CLASSES.has(sqlState.slice(0, 2))) return new StoreUnavailableError(`PostgreSQL unavailable: ${error.message}`)
  return Object.assign(new Error(`PostgreSQL: ${error.message}`), { code: sqlState })
}
