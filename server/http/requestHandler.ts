import type { IncomingMessage, ServerResponse } from 'node:http'
import type { HttpRoute } from '../config.js'
import type { Logger } from '../log.js'
import { sendJson } from './json.js'
import { setSecurityHeaders } from './securityHeaders.js'

/** Whether the relay is ready, and if not, why (shown by `/readyz`). */
export type Readiness = ({ ready: true } | { ready: false; reason: string }) & {
  /** State of each dependency (store, fan-out), shown as is. */
  dependencies?: Record<string, { kind: string; state: string }>
}

/**
 * The relay's plain HTTP requests: `/healthz` (the process answers), `/readyz` (200 when
 * ready, else 503 with the reason), then each route in order (a throwing route answers 500
 * and is logged), then static files, else 404.
 */
export function makeRequestHandler(deps: { readiness: () => Readiness; routes: HttpRoute[]; serveStatic: HttpRoute | null; log: Logger }) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    setSecurityHeaders(req, res)
    const path = (req.url ?? '/').split('?')[0]
    if (path === '/healthz') return sendJson(res, 200, { status: 'ok' })
    if (path === '/readyz') {
      const readiness = deps.readiness()
      const dependencies = readiness.dependencies && { dependencies: readiness.dependencies }
      return readiness.ready
        ? sendJson(res, 200, { status: 'ready', ...dependencies })
        : sendJson(res, 503, { status: 'unavailable', reason: readiness.reason, ...dependencies })
    }
    for (const route of deps.routes) {
      try {
        if (route(req, res)) return
      } catch (error) {
        deps.log('error', 'http.route_failed', { path, error })
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' }).end('internal error\n')
        return
      }
    }
    if (deps.serveStatic?.(req, res)) return
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found\n')
  }
}
