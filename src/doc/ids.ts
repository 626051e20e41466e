/**
 * Identity of lists, members and papers.
 *
 * A paper's id is derived from what the paper *is* (its arXiv id, DOI or URL), never
 * random, so two members adding the same paper offline end up with one entry.
 */

/** Random id of `bytes` bytes, base64url without padding. Uses WebCrypto (browser and Node 20). */
export function randomId(bytes = 16): string {
  const raw = new Uint8Array(bytes)
  globalThis.crypto.getRandomValues(raw)
  return toBase64Url(raw)
}

/** Encodes bytes as base64url without padding (RFC 4648 §5). */
export function toBase64Url(bytes: Uint8Array): string {
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

/** Decodes base64url without padding (RFC 4648 §5); throws on characters outside the alphabet. */
export function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'))
  return Uint8Array.from(binary, (char) => char.charCodeAt(0))
}

export { LIST_ID_PATTERN, SECRET_PATTERN, isSafeLink } from './idRules.js'

/** Code-unit order on ids: locale-independent, so every device breaks ties the same way. */
export const compareIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/** Makes a fresh share secret; it travels only after `#` in a link, never to a server. */
export const newSecret = (): string => randomId(32)

/** Makes a member id, once per person and device; never the Yjs clientID. */
export const newMemberId = (): string => randomId(12)

/** New-style arXiv id (YYMM.NNNNN), version stripped. */
const NEW_ARXIV = /^(\d{4}\.\d{4,5})(v\d+)?$/i
/** Old-style arXiv id (archive[.subject]/YYMMNNN), version stripped. */
const OLD_ARXIV = /^([a-z-]+(?:\.[a-z]{2})?\/\d{7})(v\d+)?$/i

/**
 * Normalises an arXiv id: strips an `arXiv:` prefix and the version, lower-cases old-style
 * archives. Returns null if `raw` is not an arXiv id.
 * @example normalizeArxivId('arXiv:2401.12345v2') === '2401.12345'
 */
export function normalizeArxivId(raw: string): string | null {
  const bare = raw.trim().replace(/^arxiv:\s*/i, '')
  const fresh = NEW_ARXIV.exec(bare)
  if (fresh) return fresh[1]!
  const old = OLD_ARXIV.exec(bare)
  if (old) return old[1]!.toLowerCase()
  return null
}

/**
 * The arXiv id behind one of arXiv's own DOIs (`10.48550/arXiv.<id>`, registered with DataCite),
 * or null. Such a DOI names the same paper as the arXiv id.
 */
export function arxivIdFromDoi(doi: string): string | null {
  const match = /^10\.48550\/arxiv\.(.+)$/i.exec(doi)
  return match ? normalizeArxivId(match[1]!) : null
}

/** DOI syntax (Crossref's recommended pattern, loosened for older DOIs). */
const DOI = /^10\.\d{4,9}\/\S+$/

/**
 * Normalises a DOI: strips `doi:` and doi.org URL prefixes and lower-cases it (DOIs are
 * case-insensitive). Returns null if `raw` is not a DOI.
 */
export function normalizeDoi(raw: string): string | null {
  let bare = raw.trim().replace(/^doi:\s*/i, '').replace(/^https?:\/\/(dx\.)?doi\.org\//i, '')
  try {
    bare = decodeURIComponent(bare)
  } catch {
    // keep the raw text: a stray % is legal in a DOI
  }
  bare = bare.toLowerCase().replace(/[.,;]+$/, '')
  return DOI.test(bare) ? bare : null
}

/** Query parameters that track clicks and never change which page a URL names. */
const TRACKING_PARAM = /^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|ref|ref_src)$/i

/**
 * Normalises an http(s) URL for identity: lower-case host, no default port, no fragment,
 * no tracking parameters, no trailing slash. Returns null for anything but http(s).
 */
export function normalizeUrl(raw: string): string | null {
  let url: URL
  try {
    url = new URL(raw.trim())
  } catch {
    return null
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null
  url.hash = ''
  for (const key of [...url.searchParams.keys()]) if (TRACKING_PARAM.test(key)) url.searchParams.delete(key)
  url.searchParams.sort()
  let text = url.toString()
  if (url.pathname.endsWith('/') && url.pathname !== '/' && !url.search) text = text.replace(/\/$/, '')
  return text
}


/** What identifies a paper; the first present of arXiv id, DOI, URL, title decides its id. */
export interface PaperIdentity {
  arxivId?: string
  doi?: string
  url?: string
  title?: string
}

/** Paper ids are prefixed by the kind of identity they come from: `arxiv:`, `doi:`, `url:`, `title:`. */
export type PaperId = string & { readonly __brand: 'PaperId' }

/**
 * Derives a paper's id from its identity, so concurrent adds of one paper merge.
 * A URL that points at arXiv or doi.org counts as that id. Returns null if nothing identifies it.
 */
export function paperIdFor(identity: PaperIdentity): PaperId | null {
  const arxiv = identity.arxivId ? normalizeArxivId(identity.arxivId) : null
  if (arxiv) return `arxiv:${arxiv}` as PaperId
  const doi = identity.doi ? normalizeDoi(identity.doi) : null
  if (doi) return `doi:${doi}` as PaperId
  if (identity.url) {
    const fromUrl = identityFromUrl(identity.url)
    if (fromUrl.arxivId) return `arxiv:${fromUrl.arxivId}` as PaperId
    if (fromUrl.doi) return `doi:${fromUrl.doi}` as PaperId
    const url = normalizeUrl(identity.url)
    if (url) return `url:${url}` as PaperId
  }
  const title = identity.title?.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim()
  if (title) return `title:${title}` as PaperId
  return null
}

/** Hosts whose `/abs/`, `/pdf/`, `/html/` or `/papers/` paths carry an arXiv id. */
const ARXIV_URL = /^https?:\/\/(?:www\.|export\.)?(?:arxiv\.org\/(?:abs|pdf|html)|huggingface\.co\/papers|alphaxiv\.org\/abs)\/([^?#]+?)(?:\.pdf)?\/?(?:[?#].*)?$/i

/** Reads an arXiv id or DOI out of a URL that names one (arxiv.org, huggingface.co/papers, doi.org). */
export function identityFromUrl(raw: string): { arxivId?: string; doi?: string } {
  const arxivMatch = ARXIV_URL.exec(raw.trim())
  if (arxivMatch) {
    const arxivId = normalizeArxivId(decodeURIComponentSafe(arxivMatch[1]!))
    if (arxivId) return { arxivId }
  }
  if (/^https?:\/\/(dx\.)?doi\.org\//i.test(raw.trim())) {
    const doi = normalizeDoi(raw)
    if (doi) return { doi }
  }
  return {}
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

/** The canonical abstract page for an arXiv id. */
export const arxivAbsUrl = (arxivId: string): string => `https://arxiv.org/abs/${arxivId}`
/** The canonical PDF for an arXiv id. */
export const arxivPdfUrl = (arxivId: string): string => `https://arxiv.org/pdf/${arxivId}`
/** The resolver URL for a DOI. */
export const doiUrl = (doi: string): string => `https://doi.org/${doi}`
