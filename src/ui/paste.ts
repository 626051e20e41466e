import { identityFromUrl, isSafeLink, normalizeArxivId, normalizeDoi } from '../doc/ids.js'
import type { PaperInput } from '../doc/ops.js'

/**
 * Reads what a member pasted into the add box: an arXiv id or URL, a DOI (bare, `doi:` or
 * doi.org URL), or any http(s) link. Returns null for anything else (the form asks for a title).
 */
export function parsePaste(raw: string): PaperInput | null {
  const text = raw.trim()
  if (!text || /\s/.test(text)) return null
  const arxivId = normalizeArxivId(text)
  if (arxivId) return { arxivId }
  const fromUrl = identityFromUrl(text)
  if (fromUrl.arxivId) return { arxivId: fromUrl.arxivId }
  if (fromUrl.doi) return { doi: fromUrl.doi }
  const doi = normalizeDoi(text)
  if (doi) return { doi }
  if (isSafeLink(text)) return { url: text }
  return null
}
