import type { IncomingMessage } from 'node:http'

/**
 * The address a request came from: the socket's peer, or, behind a trusted reverse proxy,
 * the last `X-Forwarded-For` entry (the one the proxy itself appended; earlier entries are
 * whatever the client claimed).
 */
export function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = String(req.headers['x-forwarded-for'] ?? '').split(',').map((part) => part.trim()).filter(Boolean)
    const last = forwarded[forwarded.length - 1]
    if (last) return last.slice(0, 100)
  }
  return req.socket.remoteAddress ?? 'unknown'
}
