/**
 * Where the upstreams live. Every URL builder uses the public services' real addresses; an
 * operator (or a test, or the e2e run) points an upstream elsewhere with one environment
 * variable, and `rebaseFetch` rewrites the start of each matching URL before it is fetched.
 */
import type { FetchLike } from './upstream.js'

/** The public origins this relay asks, and the variable that moves each. */
export const UPSTREAM_ORIGINS = {
  arxivApi: { origin: 'https://export.arxiv.org', variable: 'SHORTLIST_ARXIV_API_URL' },
  arxivRss: { origin: 'https://rss.arxiv.org', variable: 'SHORTLIST_ARXIV_RSS_URL' },
  huggingFace: { origin: 'https://huggingface.co', variable: 'SHORTLIST_HF_URL' },
  crossref: { origin: 'https://api.crossref.org', variable: 'SHORTLIST_CROSSREF_URL' },
  semanticScholar: { origin: 'https://api.semanticscholar.org', variable: 'SHORTLIST_SEMANTIC_SCHOLAR_URL' },
} as const

/** Replacement base per public origin (no trailing slash). */
export type UpstreamBases = Partial<Record<keyof typeof UPSTREAM_ORIGINS, string>>

/**
 * Reads the upstream variables; throws with the variable's name for anything that is not an
 * http(s) URL, so a typo fails at start-up instead of sending lookups nowhere.
 */
export function upstreamBasesFromEnv(env: NodeJS.ProcessEnv): UpstreamBases {
  const bases: UpstreamBases = {}
  for (const [name, { variable }] of Object.entries(UPSTREAM_ORIGINS) as [keyof typeof UPSTREAM_ORIGINS, { variable: string }][]) {
    const raw = env[variable]
    if (!raw) continue
    if (!/^https?:\/\/[^\s]+$/.test(raw)) throw new Error(`${variable} must be an http(s) URL, got "${raw}"`)
    bases[name] = raw.replace(/\/+$/, '')
  }
  return bases
}

/** `fetchImpl` with each moved origin's URLs rewritten to its replacement base. */
export function rebaseFetch(fetchImpl: FetchLike, bases: UpstreamBases): FetchLike {
  const moves = (Object.entries(bases) as [keyof typeof UPSTREAM_ORIGINS, string][])
    .filter(([, base]) => !!base)
    .map(([name, base]) => [UPSTREAM_ORIGINS[name].origin, base] as const)
  if (moves.length === 0) return fetchImpl
  return (url, init) => {
    for (const [origin, base] of moves) {
      if (url === origin || url.startsWith(origin + '/')) return fetchImpl(base + url.slice(origin.length), init)
    }
    return fetchImpl(url, init)
  }
}
