import { mkdirSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { startTestRelay, tempDir } from '../helpers/relayClient.js'

/** A raw GET that sends the path byte-for-byte (fetch would normalise `..`). */
function rawGet(url: string, path: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const { hostname, port } = new URL(url)
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method: 'GET' }, (res) => {
      let body = ''
      res.on('data', (chunk) => (body += String(chunk)))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

async function staticRelay() {
  const root = tempDir()
  const dist = join(root, 'dist')
  mkdirSync(join(dist, 'assets'), { recursive: true })
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Shortlist</title>')
  writeFileSync(join(dist, 'sw.js'), 'self.addEventListener("fetch", () => {})')
  writeFileSync(join(dist, 'manifest.webmanifest'), '{}')
  writeFileSync(join(dist, 'assets', 'index-abc123.js'), 'console.log(1)')
  writeFileSync(join(dist, '.env'), 'SECRET=1')
  writeFileSync(join(root, 'secret.txt'), 'outside')
  const dataDir = join(dist, 'data')
  const relay = await startTestRelay({ staticDir: dist, dataDir })
  return relay
}

describe('static app', () => {
  test('deep links fall back to index.html; caching follows the file kind', async () => {
    const relay = await staticRelay()
    const deep = await rawGet(relay.url, '/l/AAAAAAAAAAAAAAAAAAAAAA')
    expect(deep.status).toBe(200)
    expect(deep.body).toContain('<title>Shortlist</title>')
    expect(deep.headers['cache-control']).toBe('no-cache')
    const asset = await rawGet(relay.url, '/assets/index-abc123.js')
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(asset.headers['content-type']).toContain('javascript')
    for (const path of ['/sw.js', '/manifest.webmanifest', '/']) expect((await rawGet(relay.url, path)).headers['cache-control']).toBe('no-cache')
    expect((await rawGet(relay.url, '/assets/missing.js')).status).toBe(404)
  })

  test('security headers and a strict CSP come with every response', async () => {
    const relay = await staticRelay()
    const res = await rawGet(relay.url, '/')
    const csp = String(res.headers['content-security-policy'])
    for (const part of ["default-src 'self'", "img-src 'self' data:", "style-src 'self' 'unsafe-inline'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"]) expect(csp).toContain(part)
    expect(csp).toMatch(/connect-src 'self' ws:\/\/127\.0\.0\.1:\d+ wss:\/\/127\.0\.0\.1:\d+/)
    expect(res.headers['x-content-type-options']).toBe('nosniff')
    expect(res.headers['referrer-policy']).toBe('no-referrer')
  })

  test.each([
    '/../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E/secret.txt',
    '/..%2fsecret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/..%5csecret.txt',
    '/%5c..%5csecret.txt',
    '//secret.txt',
    '/index.html%00.js',
    '/%252e%252e/secret.txt',
    '/.env',
    '/data/shortlist.sqlite',
    '/data/shortlist.sqlite-wal',
    '/%2e%65nv',
  ])('refuses %s', async (path) => {
    const relay = await staticRelay()
    const res = await rawGet(relay.url, path)
    expect(res.body).not.toContain('outside')
    expect(res.body).not.toContain('SECRET')
    expect(res.body).not.toContain('SQLite format')
    if (!path.includes('%252e')) expect([400, 404]).toContain(res.status)
  })

  test('/healthz, /readyz and /metrics answer', async () => {
    const relay = await startTestRelay()
    expect((await rawGet(relay.url, '/healthz')).status).toBe(200)
    expect((await rawGet(relay.url, '/readyz')).status).toBe(200)
    const metrics = await rawGet(relay.url, '/metrics')
    for (const name of ['shortlist_connections', 'shortlist_rooms_loaded', 'shortlist_messages_in_total', 'shortlist_bytes_out_total', 'shortlist_closes_total', 'shortlist_storage_write_seconds'])
      expect(metrics.body).toContain(name)
  })

  test('extra routes run before static files', async () => {
    const relay = await startTestRelay({
      routes: [(req, res) => (req.url?.startsWith('/api/lookup') ? (res.writeHead(200).end('looked up'), true) : false)],
    })
    expect((await rawGet(relay.url, '/api/lookup?arxiv=1')).body).toBe('looked up')
  })
})
