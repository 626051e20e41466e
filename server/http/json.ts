import type { ServerResponse } from 'node:http'

/**
 * Answers with `body` as JSON, never cached. Does nothing once the response has started or
 * the client has gone, so a late async answer cannot throw. Node drops the body for HEAD.
 * Security headers (`nosniff` and the rest) come from `setSecurityHeaders`, not from here.
 */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return
  const text = JSON.stringify(body) + '\n'
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...headers,
  })
  res.end(text)
}
