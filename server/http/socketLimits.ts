import type { Server } from 'node:http'
import type { Socket } from 'node:net'
import type { RelayLimits } from '../config.js'
import type { Logger } from '../log.js'
import type { RelayMetrics } from '../metrics.js'

/**
 * Bounds what slow or idle HTTP clients can hold (slowloris): each address may keep at most
 * `maxSocketsPerAddress` TCP sockets open (plain HTTP and websockets alike; counted on the
 * server's `connection` event, the extra ones destroyed at once), and a request must send
 * its headers within `headersTimeoutMs` and complete within `requestTimeoutMs` (checked each
 * second: the server is created with `connectionsCheckingInterval: 1000`).
 *
 * Behind a trusted proxy every socket comes from the proxy, so the per-address socket cap is
 * not applied (`trustProxy`); the proxy bounds its clients, and the websocket caps still use
 * the forwarded address.
 */
export function limitHttpSockets(server: Server, limits: RelayLimits, trustProxy: boolean, metrics: RelayMetrics, log: Logger): void {
  server.headersTimeout = limits.headersTimeoutMs
  server.requestTimeout = limits.requestTimeoutMs
  if (trustProxy) return
  // one entry per address with an open socket: bounded by the open sockets themselves
  const open = new Map<string, number>()
  // addresses at their cap, so each is logged once per episode, not once per refused socket
  const limited = new Set<string>()
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? 'unknown'
    const count = open.get(address) ?? 0
    if (count >= limits.maxSocketsPerAddress) {
      metrics.refusedSockets.inc()
      if (!limited.has(address)) log('warn', 'http.sockets_limited', { address })
      limited.add(address)
      socket.destroy()
      return
    }
    open.set(address, count + 1)
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1
      if (left <= 0) open.delete(address)
      else open.set(address, left)
      limited.delete(address)
    })
  })
}
