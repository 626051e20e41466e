/**
 * Length caps of every field of a list that people or peers write. The ops clamp (or refuse)
 * on write, and the tolerant readers in `schema.ts` clamp again on read, because a peer on an
 * old or hostile build can write anything into the document: a 1 MB title must still render
 * as a 1,000-character one. Generous for real papers (arXiv caps abstracts at 1,920
 * characters; the largest collaborations list about 3,000 authors, counted in `authorCount`).
 */
export const FIELD_LIMITS = {
  /** Characters of a paper title. */
  title: 1_000,
  /** Author names kept per paper (a longer list keeps its full count in `authorCount`). */
  authors: 2_000,
  /** Characters of one author name. */
  authorName: 200,
  /** Characters of an abstract. */
  abstract: 20_000,
  /** Characters of a venue (journal or proceedings). */
  venue: 500,
  /** Characters of a link (the limit browsers and servers commonly share). */
  url: 2_048,
  /** Characters of an arXiv id or a DOI; longer ones are not real ids and read as absent. */
  identifier: 300,
  /** Characters of a paper id (`url:` + a link, or `title:` + a title, at most). */
  paperId: 2_100,
  /** Characters of a `published` date (`YYYY-MM-DD`). */
  published: 10,
  /** Tags per paper. */
  tags: 50,
  /** Characters of one tag. */
  tag: 60,
  /**
   * Stored fields of one paper read to find its tags (its own fields, about 25, and one key
   * per tag ever set or removed). Past it a peer's extra keys are not read.
   */
  paperFieldsRead: 1_000,
  /** Characters of member ids, dates and other short codes stored beside a paper. */
  code: 200,
  /** Characters of a list's name. */
  listName: 200,
  /** Characters of a list's description. */
  listDescription: 2_000,
  /** Characters of a member's display name. */
  memberName: 60,
  /** Characters of a member's colour (a CSS colour such as `#aabbcc`). */
  colour: 32,
  /** Characters of one comment. */
  comment: 10_000,
  /** Characters of a paper's shared note. */
  note: 100_000,
} as const

/**
 * `text` cut to at most `max` UTF-16 units, never between the two halves of a surrogate pair.
 * Cheap on long strings: no scan, one slice.
 */
export function clampText(text: string, max: number): string {
  if (text.length <= max) return text
  const last = text.charCodeAt(max - 1)
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? max - 1 : max)
}
