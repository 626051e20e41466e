/**
 * When a search result is the paper a member pasted: the titles must be equal once
 * normalised (case, accents, punctuation, spacing), or nearly equal (a few characters apart,
 * as a typo or a changed hyphen makes them) *and* the first authors' family names agree
 * where both are known. Anything looser would fill a paper with another paper's details.
 */

/** Longest normalised title compared; longer titles are cut, which bounds the edit distance's work. */
export const MAX_TITLE_LENGTH = 300

/** Lower case, accents removed, every run of non-letters/digits one space, trimmed, capped. */
export function normaliseTitle(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .slice(0, MAX_TITLE_LENGTH)
}

/** The family name of an author as written ("Hu, Edward J." or "Edward J. Hu"), normalised. */
export function familyName(author: string): string {
  const name = author.includes(',') ? author.split(',')[0]! : author.trim().split(/\s+/).at(-1) ?? ''
  return normaliseTitle(name)
}

/**
 * Edit distance between `a` and `b`, or `limit + 1` once it is certain to exceed `limit`.
 * Banded: O(length × limit) time, O(length) memory.
 */
export function boundedEditDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = new Array<number>(b.length + 1).fill(limit + 1)
    current[0] = i
    let best = current[0]
    const from = Math.max(1, i - limit)
    const to = Math.min(b.length, i + limit)
    for (let j = from; j <= to; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)
      current[j] = Math.min(substitution, previous[j]! + 1, current[j - 1]! + 1)
      if (current[j]! < best) best = current[j]!
    }
    if (best > limit) return limit + 1
    previous = current
  }
  return Math.min(previous[b.length]!, limit + 1)
}

/** How many characters two normalised titles may differ by and still be "nearly" equal. */
export const nearLimit = (length: number): number => Math.max(2, Math.floor(length * 0.05))

/** A title (and first author, if known) to find. */
export interface TitleQuery {
  title: string
  firstAuthor?: string
}

/** A search result to judge. */
export interface TitleCandidate {
  title: string
  authors: string[]
}

/** Whether `candidate` is the paper `query` names (see the module comment for the rule). */
export function isSamePaper(query: TitleQuery, candidate: TitleCandidate): boolean {
  const wanted = normaliseTitle(query.title)
  const found = normaliseTitle(candidate.title)
  if (!wanted || !found) return false
  if (wanted === found) return true
  if (boundedEditDistance(wanted, found, nearLimit(wanted.length)) > nearLimit(wanted.length)) return false
  const first = candidate.authors[0]
  return !!query.firstAuthor && !!first && familyName(query.firstAuthor) === familyName(first)
}
