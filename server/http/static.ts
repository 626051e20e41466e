/**
 * Serves the built PWA: files from `staticDir`, the SPA fallback to `index.html` for deep
 * links (`/l/<listId>`), long-lived caching for hashed `/assets/*`, `no-cache` for everything
 * else (so `index.html`, `sw.js` and the manifest are revalidated). Path traversal in any
 * encoding is refused, dotfiles are never served, and nothing under the data folder is.
 */
import { createReadStream, realpathSync, statSync, type Stats } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { extname, join, resolve, sep } from 'node:path'

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
}

/** Raw-path patterns refused before decoding: backslashes, NUL, double slashes, encoded separators. */
const RAW_REFUSED = /\\|%5c|%00|\0|\/\/|%2f/i

/** Result of turning a request path into a file path. */
type Resolved = { kind: 'file'; path: string } | { kind: 'bad' } | { kind: 'hidden' }

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path)
  } catch {
    return null
  }
}

function isInside(child: string, parent: string): boolean {
  return child === parent || child.startsWith(parent.endsWith(sep) ? parent : parent + sep)
}

/** Serves static files; returns a request handler that always answers. */
export function makeStaticHandler(staticDir: string, dataDir: string | null): (req: IncomingMessage, res: ServerResponse) => void {
  const root = resolve(staticDir)
  const realRoot = (() => {
    try {
      return realpathSync(root)
    } catch {
      return root
    }
  })()
  const realData = (() => {
    if (!dataDir) return null
    try {
      return realpathSync(resolve(dataDir))
    } catch {
      return resolve(dataDir)
    }
  })()

  function toFile(rawPath: string): Resolved {
    if (RAW_REFUSED.test(rawPath)) return { kind: 'bad' }
    let decoded: string
    try {
      decoded = decodeURIComponent(rawPath)
    } catch {
      return { kind: 'bad' }
    }
    if (decoded.includes('\0') || decoded.includes('\\') || !decoded.startsWith('/')) return { kind: 'bad' }
    const segments = decoded.split('/').slice(1)
    if (segments.some((s) => s === '..' || s === '.')) return { kind: 'bad' }
    if (segments.some((s) => s.startsWith('.'))) return { kind: 'hidden' }
    const path = join(root, ...segments)
    if (!isInside(path, root)) return { kind: 'bad' }
    return { kind: 'file', path }
  }

  function allowedReal(path: string): boolean {
    let real: string
    try {
      real = realpathSync(path)
    } catch {
      return false
    }
    if (!isInside(real, realRoot)) return false
    return !(realData && isInside(real, realData))
  }

  function send(req: IncomingMessage, res: ServerResponse, path: string, stats: Stats, cacheControl: string): void {
    const etag = `"${stats.size.toString(16)}-${Math.floor(stats.mtimeMs).toString(16)}"`
    res.setHeader('Content-Type', MIME[extname(path).toLowerCase()] ?? 'application/octet-stream')
    res.setHeader('Cache-Control', cacheControl)
    res.setHeader('ETag', etag)
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304).end()
      return
    }
    res.setHeader('Content-Length', stats.size)
    res.writeHead(200)
    if (req.method === 'HEAD') {
      res.end()
      return
    }
    const stream = createReadStream(path)
    stream.on('error', () => res.destroy())
    stream.pipe(res)
  }

  function plain(res: ServerResponse, status: number, text: string): void {
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }).end(text)
  }

  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD')
      return plain(res, 405, 'method not allowed\n')
    }
    const rawPath = (req.url ?? '/').split('?')[0]!.split('#')[0]!
    const target = toFile(rawPath)
    if (target.kind === 'bad') return plain(res, 400, 'bad path\n')
    if (target.kind === 'hidden') return plain(res, 404, 'not found\n')
    const isAsset = rawPath.startsWith('/assets/')
    const stats = rawPath.endsWith('/') ? null : statOrNull(target.path)
    if (stats?.isFile() && allowedReal(target.path)) {
      return send(req, res, target.path, stats, isAsset ? 'public, max-age=31536000, immutable' : 'no-cache')
    }
    const lastSegment = rawPath.slice(rawPath.lastIndexOf('/') + 1)
    if (isAsset || lastSegment.includes('.')) return plain(res, 404, 'not found\n')
    const index = join(root, 'index.html')
    const indexStats = statOrNull(index)
    if (indexStats?.isFile() && allowedReal(index)) return send(req, res, index, indexStats, 'no-cache')
    return plain(res, 404, 'not found\n')
  }
}
