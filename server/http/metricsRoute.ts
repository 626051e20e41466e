import { createHash, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { RelayMetrics } from '../metrics.js'
import { clientAddress, isLoopback } from './clientAddress.js'

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest()

/**
 * `GET /metrics` (Prometheus text). With a token configured, only `Authorization: Bearer
 * <token>` gets it (compared in constant time, as SHA-256 digests so lengths do not leak);
 * without one, only loopback clients do (with `trustProxy`, the forwarded address decides,
 * so a proxy on the same machine does not make it public). Everyone else gets 404, as if
 * there were no such route.
 */
export function makeMetricsRoute(deps: { metrics: RelayMetrics; token: string | null; trustProxy: boolean; beforeRender: () => void }) {
  const expected = deps.token === null ? null : digest(deps.token)
  const allowed = (req: IncomingMessage): boolean => {
    if (expected === null) return isLoopback(clientAddress(req, deps.trustProxy))
    const match = /^Bearer (\S+)$/.exec(req.headers.authorization?.trim() ?? '')
    return match !== null && timingSafeEqual(digest(match[1]!), expected)
  }
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    if ((req.url ?? '/').split('?')[0] !== '/metrics') return false
    if (!allowed(req)) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found\n')
      return true
    }
    deps.beforeRender()
    deps.metrics.registry.metrics().then(
      (text) => res.writeHead(200, { 'Content-Type': deps.metrics.registry.contentType, 'Cache-Control': 'no-store' }).end(text),
      () => res.writeHead(500).end(),
    )
    return true
  }
}
