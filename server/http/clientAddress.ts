import type { IncomingMessage } from 'node:http'

/**
 * The client's address: the socket's peer, or with `trustProxy` the last `X-Forwarded-For`
 * hop (the one the trusted proxy added). Per-address caps and the `/metrics` loopback rule
 * use it.
 */
export function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = String(req.headers['x-forwarded-for'] ?? '').split(',').map((s) => s.trim()).filter(Boolean)
    const last = forwarded[forwarded.length - 1]
    if (last) return last.slice(0, 100)
  }
  return req.socket.remoteAddress ?? 'unknown'
}

/** Whether an address is this machine's loopback (127.0.0.0/8, ::1, or IPv4-mapped 127.x). */
export function isLoopback(address: string): boolean {
  return address === '::1' || /^(::ffff:)?127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(address)
}
