/**
 * A real local HTTP server standing in for Crossref: every `/works/<doi>` is answered after
 * `delayMs` with a minimal work, and the server counts the calls it got and the ones whose
 * caller hung up before the answer (aborted upstream calls). `fetch` sends the route's
 * Crossref URLs to it, so the lookup route's real HTTP client, timeouts and aborts are used.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { CROSSREF_API } from '../../../server/lookup/crossref.js'
import type { FetchLike } from '../../../server/lookup/upstream.js'

/** Starts the fake; `close()` stops it and drops open connections. */
export async function startSlowCrossref(delayMs: number) {
  const counts = { requests: 0, answered: 0, abandoned: 0 }
  const dois: string[] = []
  const server = createServer((req, res) => {
    counts.requests++
    const doi = decodeURIComponent((req.url ?? '').replace(/^\/works\//, ''))
    dois.push(doi)
    const timer = setTimeout(() => {
      const body = JSON.stringify({ message: { title: [`Work ${doi}`], DOI: doi, URL: `https://doi.org/${doi}` } })
      res.writeHead(200, { 'content-type': 'application/json' }).end(body)
      counts.answered++
    }, delayMs)
    res.once('close', () => {
      if (res.writableFinished) return
      clearTimeout(timer)
      counts.abandoned++
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/works/`
  const fetchImpl: FetchLike = (url, init) => {
    if (!url.startsWith(CROSSREF_API)) return Promise.reject(new TypeError(`fetch failed: no fake upstream for ${url}`))
    return fetch(base + url.slice(CROSSREF_API.length), init)
  }
  return {
    fetch: fetchImpl,
    counts,
    dois,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
