import type { WebSocket } from 'ws'
import type { SocketEntry } from './socketSetup.js'

/** How often sockets are pinged; a socket that did not answer the previous ping is dropped. */
export const HEARTBEAT_MS = 30_000

/**
 * Pings every socket each `HEARTBEAT_MS` and drops those that missed the last ping and took
 * nothing off their outgoing buffer since (a peer that vanished, or one that stopped reading); also runs `sweep` (forgetting idle
 * per-address state). Returns a function that stops it.
 */
export function startHeartbeat(sockets: Map<WebSocket, SocketEntry>, sweep: () => void): () => void {
  const timer = setInterval(() => {
    for (const [ws, entry] of sockets) {
      // a paused peer's pong is not read: one whose buffer drains is alive too
      const drained = entry.connection.drainedSinceLastLook()
      if (!entry.alive && !drained) {
        ws.terminate()
        continue
      }
      entry.alive = false
      try {
        ws.ping()
      } catch {
        ws.terminate()
      }
    }
    sweep()
  }, HEARTBEAT_MS)
  timer.unref()
  return () => clearInterval(timer)
}
