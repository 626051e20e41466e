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
 *
 * A transaction can also be started without waiting (`startTransaction`): its answer comes
 * back as an ordinary message and its callback runs from the event loop, so the relay keeps
 * reading sockets while the database commits. `settle` waits (blocking, as a call does) for
 * every transaction started so far, running their callbacks, for the few places that need
 * the stored state to be complete now. Answers come back in the order the calls were sent
 * (one connection), so callbacks run in that order too.
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
  /**
   * Starts a transaction as `transaction` does, without waiting: `done` runs later with its
   * rows, or with the error (`StoreUnavailableError` once `timeoutMs` has passed unanswered).
   */
  startTransaction(statements: Statement[], done: (error: Error | null, results?: Rows[]) => void, timeoutMs?: number): void
  /** Waits (blocking) until every started transaction has answered or timed out and its `done` has run. */
  settle(): void
  /** Ends the connection and the worker. */
  close(): void
}

/** An answer of the worker. */
interface Reply {
  id: number
  rows?: Rows
  results?: Rows[]
  error?: { message: string; code: string }
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
  /** Transactions started without waiting, by id, in the order they were sent (bounded by the caller, which keeps one in flight). */
  const started = new Map<number, { done: (error: Error | null, results?: Rows[]) => void; deadline: number }>()
  /** Fires when the oldest started transaction passes its deadline. */
  let deadlineTimer: NodeJS.Timeout | null = null

  /** Hands an answer to the started transaction it belongs to; answers to calls that timed out are dropped. */
  function deliver(reply: Reply): void {
    const waiting = started.get(reply.id)
    if (!waiting) return
    started.delete(reply.id)
    watchDeadlines()
    if (reply.error) waiting.done(storeError(reply.error))
    else waiting.done(null, reply.results)
  }

  /** Keeps one timer, on the deadline of the oldest started transaction. */
  function watchDeadlines(): void {
    if (deadlineTimer) clearTimeout(deadlineTimer)
    deadlineTimer = null
    const oldest = started.values().next().value
    if (!oldest) return
    deadlineTimer = setTimeout(expire, Math.max(0, oldest.deadline - performance.now()))
    deadlineTimer.unref()
  }

  /** Fails every started transaction past its deadline. */
  function expire(): void {
    const now = performance.now()
    for (const [id, waiting] of started) {
      if (waiting.deadline > now) break
      started.delete(id)
      waiting.done(new StoreUnavailableError('PostgreSQL did not answer in time'))
    }
    watchDeadlines()
  }

  port1.on('message', (reply: Reply) => deliver(reply))
  port1.unref()

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
        const reply = received.message as Reply
        if (reply.id !== id) {
          deliver(reply) // a started transaction's answer (or a late one): sent earlier, so it comes first
          continue
        }
        if (reply.error) throw storeError(reply.error)
        return reply
      }
      const left = deadline - performance.now()
      if (left <= 0 || Atomics.wait(flag, 0, seen, left) === 'timed-out') {
        throw new StoreUnavailableError(`PostgreSQL did not answer within ${timeoutMs} ms`)
      }
    }
  }

  function settle(): void {
    // bounded: each pass takes one answer, or waits until the oldest transaction's deadline and fails it
    while (started.size > 0) {
      const seen = Atomics.load(flag, 0)
      const received = receiveMessageOnPort(port1 as MessagePort)
      if (received) {
        deliver(received.message as Reply)
        continue
      }
      const oldest = started.values().next().value!
      const left = oldest.deadline - performance.now()
      if (left <= 0 || Atomics.wait(flag, 0, seen, left) === 'timed-out') expire()
    }
  }

  return {
    query: (statement, timeoutMs = defaultTimeout) => call({ kind: 'query', statement }, timeoutMs).rows!,
    transaction: (statements, isolation, timeoutMs = defaultTimeout) => call({ kind: 'transaction', statements, isolation }, timeoutMs).results!,
    startTransaction(statements, done, timeoutMs = defaultTimeout) {
      if (closed) return done(new StoreUnavailableError('the PostgreSQL connection is closed'))
      const id = nextId++
      started.set(id, { done, deadline: performance.now() + timeoutMs })
      if (started.size === 1) watchDeadlines()
      port1.postMessage({ kind: 'transaction', statements, id })
    },
    settle,
    close() {
      if (closed) return
      try {
        settle()
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
