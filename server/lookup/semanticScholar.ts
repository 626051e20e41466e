/**
 * Semantic Scholar's Graph API (`/graph/v1/paper/<id>?fields=citationCount`): how often a
 * paper is cited. Ids are `arXiv:<id>` or `DOI:<doi>`. The answer is a JSON object
 * `{ paperId, citationCount }`; an unknown id is a 404 with `{ error }`.
 */
import type { LookupKey } from './ids.js'

/** The Graph API's paper endpoint. */
export const SEMANTIC_SCHOLAR_API = 'https://api.semanticscholar.org/graph/v1/paper/'

/** The URL asking for one paper's citation count. */
export function citationUrl(key: LookupKey): string {
  const id = key.kind === 'arxiv' ? `arXiv:${key.arxivId}` : `DOI:${key.doi}`
  return `${SEMANTIC_SCHOLAR_API}${encodeURIComponent(id).replace(/%3A/gi, ':').replace(/%2F/gi, '/')}?fields=citationCount`
}

/** The citation count in an answer, or null when the answer has none. Never throws. */
export function parseCitationCount(body: string): number | null {
  let json: unknown
  try {
    json = JSON.parse(body)
  } catch {
    return null
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return null
  const count = (json as Record<string, unknown>).citationCount
  return typeof count === 'number' && Number.isInteger(count) && count >= 0 && count < 1e9 ? count : null
}
