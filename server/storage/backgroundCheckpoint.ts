/**
 * WAL checkpoints off the event loop. SQLite's automatic checkpoint runs inside whichever
 * commit crosses the threshold (1,000 pages): that commit copies the WAL into the database
 * file and syncs it, stalling every update waiting to be forwarded for up to tens of ms. The
 * relay turns the automatic checkpoint off and runs `PRAGMA wal_checkpoint(PASSIVE)` on a
 * timer in a worker thread with its own connection instead. A passive checkpoint never waits
 * for, nor blocks, the relay's writes; once the WAL is fully copied the next write starts it
 * over from the beginning, so it stays small.
 *
 * If the worker cannot start or stops, the automatic checkpoint is turned back on, so the WAL
 * never grows without bound.
 */
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'

/** Interval between background checkpoints. */
export const CHECKPOINT_INTERVAL_MS = 1000

/** Longest wait for the worker to close its connection when the storage closes. */
const STOP_TIMEOUT_MS = 5000

/** SQLite's default `wal_autocheckpoint`, restored if the background checkpoints stop. */
const DEFAULT_AUTOCHECKPOINT_PAGES = 1000

/** The worker's code (CommonJS, evaluated): one connection, a passive checkpoint per tick. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const closed = new Int32Array(workerData.closed)
const markClosed = () => {
  Atomics.store(closed, 0, 1)
  Atomics.notify(closed, 0)
}
let db
try {
  const Database = require(workerData.driver)
  db = new Database(workerData.file)
  db.pragma('busy_timeout = 1000')
  db.pragma('wal_autocheckpoint = 0')
} catch (error) {
  markClosed()
  throw error
}
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)')
  } catch {
    // busy or locked: the next tick tries again
  }
}, workerData.intervalMs)
parentPort.on('message', () => {
  clearInterval(timer)
  try {
    db.close()
  } finally {
    markClosed()
    parentPort.close()
  }
})
`

/** What the storage needs from its checkpointer. */
export interface BackgroundCheckpoint {
  /** Stops the worker and waits until its connection is closed (the caller then checkpoints and closes its own). */
  stop(): void
}

/**
 * Starts checkpointing `file` in the background; `setAutocheckpoint(pages)` is called on the
 * relay's connection: 0 while the worker runs, SQLite's default if it fails or exits.
 */
export function startBackgroundCheckpoint(file: string, setAutocheckpoint: (pages: number) => void, intervalMs = CHECKPOINT_INTERVAL_MS): BackgroundCheckpoint {
  let stopped = false
  let worker: Worker
  // set to 1 by the worker once its connection is closed (or never opened)
  const closed = new Int32Array(new SharedArrayBuffer(4))
  try {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3')
    worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driver, intervalMs, closed: closed.buffer } })
  } catch {
    setAutocheckpoint(DEFAULT_AUTOCHECKPOINT_PAGES)
    return { stop() {} }
  }
  worker.unref()
  setAutocheckpoint(0)
  const fallBack = () => {
    if (!stopped) {
      try {
        setAutocheckpoint(DEFAULT_AUTOCHECKPOINT_PAGES)
      } catch {
        // the relay's connection is closing; nothing left to checkpoint for
      }
    }
    stopped = true
  }
  worker.on('error', fallBack)
  worker.on('exit', fallBack)
  return {
    stop() {
      if (stopped) return
      stopped = true
      worker.postMessage('stop')
      // Synchronous, like the storage's own close: the worker's connection is closed on return,
      // so the caller's final checkpoint and anyone removing the files race with nothing.
      Atomics.wait(closed, 0, 0, STOP_TIMEOUT_MS)
    },
  }
}
