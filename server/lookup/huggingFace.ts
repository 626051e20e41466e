/**
 * Hugging Face's papers API (`/api/papers/<arxivId>`): the code link and upvotes it keeps for
 * arXiv papers. Only an extra: any failure here leaves the arXiv answer as it was.
 */
import { isSafeLink } from '../../src/doc/ids.js'

/** Hugging Face's papers endpoint. */
export const HF_PAPERS_API = 'https://huggingface.co/api/papers/'

/** The URL asking Hugging Face about one arXiv paper. */
export const hfPaperUrl = (arxivId: string): string => HF_PAPERS_API + arxivId

/** What Hugging Face adds to a paper: a code repository and its upvote count. */
export interface HfExtras {
  codeUrl?: string
  upvotes?: number
}

/** Reads the extras from a papers answer; returns {} for anything unusable. Never throws. */
export function parseHfPaper(body: string): HfExtras {
  let json: unknown
  try {
    json = JSON.parse(body)
  } catch {
    return {}
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return {}
  const paper = json as Record<string, unknown>
  const extras: HfExtras = {}
  const repo = typeof paper.githubRepo === 'string' ? paper.githubRepo.trim() : ''
  if (repo && repo.length <= 500 && isSafeLink(repo)) extras.codeUrl = repo
  const upvotes = paper.upvotes
  if (typeof upvotes === 'number' && Number.isInteger(upvotes) && upvotes >= 0 && upvotes < 1e9) extras.upvotes = upvotes
  return extras
}
