/** Asking the relay for a list's feeds (`GET /api/feeds`), with a timeout and a checked answer. */
import { FEEDS_PATH, routeUrl } from '../../protocol/routes.js'
import type { FeedResult } from '../../protocol/lookup.js'

/** The feeds' results, in the order asked; rejects when the relay cannot be reached or answers oddly. */
export async function fetchFeeds(baseUrl: string, names: string[], timeoutMs = 30_000): Promise<FeedResult[]> {
  const params = new URLSearchParams()
  const hf = names.filter((name) => name.startsWith('hf:')).map((name) => name.slice(3))
  const arxiv = names.filter((name) => name.startsWith('arxiv:')).map((name) => name.slice(6))
  if (hf.length) params.set('hf', hf.join(','))
  if (arxiv.length) params.set('arxiv', arxiv.join(','))
  const response = await fetch(`${routeUrl(baseUrl, FEEDS_PATH)}?${params}`, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs) })
  if (response.status !== 200) throw new Error(`The relay could not fetch the feeds (HTTP ${response.status}).`)
  const body = (await response.json()) as { feeds?: unknown }
  if (!Array.isArray(body.feeds)) throw new Error('The relay sent an unexpected answer.')
  return body.feeds.filter((feed): feed is FeedResult => !!feed && typeof feed === 'object' && typeof (feed as FeedResult).feed === 'string')
}
