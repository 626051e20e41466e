/**
 * Parses the `ids` query parameter of `/api/lookup` into normalised lookup keys.
 *
 * Accepted per id: `arXiv:2401.12345`, `arxiv:hep-th/9901001`, a bare arXiv id, `doi:10.x/y`,
 * a bare DOI or a doi.org URL. Ids are comma-separated; a comma only splits where the next
 * text starts another id, so the rare DOI that contains a comma survives.
 */
import { arxivIdFromDoi, normalizeArxivId, normalizeDoi } from '../../src/doc/ids.js'

/** What one requested id resolves to: the upstream to ask and the normalised id. */
export type LookupKey = { kind: 'arxiv'; arxivId: string; key: string } | { kind: 'doi'; doi: string; key: string }

/** Most ids one request may ask for; bounds the work one client can queue at once. */
export const MAX_IDS_PER_REQUEST = 50
/** Longest single id accepted; real DOIs are far shorter. */
export const MAX_ID_LENGTH = 300

/** Splits on a comma only when what follows looks like the start of another id. */
const ID_SEPARATOR = /,(?=\s*(?:arxiv:|doi:|https?:\/\/(?:dx\.)?doi\.org\/|10\.\d|\d{4}\.\d|[a-z-]+(?:\.[a-z]{2})?\/\d)|\s*$)/i

/** Resolves one id to a lookup key, or null if it is neither an arXiv id nor a DOI. */
export function toLookupKey(raw: string): LookupKey | null {
  const text = raw.trim()
  if (!text || text.length > MAX_ID_LENGTH) return null
  const isDoiSyntax = /^(doi:|https?:\/\/(dx\.)?doi\.org\/|10\.)/i.test(text)
  if (!isDoiSyntax) {
    const arxivId = normalizeArxivId(text)
    if (arxivId) return { kind: 'arxiv', arxivId, key: `arxiv:${arxivId}` }
    return null
  }
  const doi = normalizeDoi(text)
  if (!doi) return null
  // arXiv's own DOIs (10.48550/arXiv.NNNN) are registered with DataCite, not Crossref: ask arXiv.
  const arxivId = arxivIdFromDoi(doi)
  if (arxivId) return { kind: 'arxiv', arxivId, key: `arxiv:${arxivId}` }
  return { kind: 'doi', doi, key: `doi:${doi}` }
}

/** A parsed request: the ids in order (duplicates dropped), each with its key or why it is unusable. */
export type ParsedIds =
  | { ok: true; ids: { requested: string; key: LookupKey | null }[] }
  | { ok: false; error: string }

/**
 * Parses every `ids` parameter of a request. Fails (a 400) only when the request as a whole
 * is unusable: no ids, or too many. A single unrecognisable id gets its own error later.
 */
export function parseLookupIds(values: string[]): ParsedIds {
  const requested: string[] = []
  for (const value of values) {
    for (const part of value.split(ID_SEPARATOR)) {
      const id = part.trim()
      if (id && !requested.includes(id)) requested.push(id)
      if (requested.length > MAX_IDS_PER_REQUEST) {
        return { ok: false, error: `Ask for at most ${MAX_IDS_PER_REQUEST} ids per request.` }
      }
    }
  }
  if (requested.length === 0) return { ok: false, error: 'Pass ids=arXiv:…,doi:… (comma-separated).' }
  return { ok: true, ids: requested.map((id) => ({ requested: id, key: toLookupKey(id) })) }
}
