/**
 * Tags on papers: adding and removing one, and the list's tags with how many papers carry
 * each (what the tag editor suggests and the find bar filters by).
 *
 * Stored one key per paper and tag in `papers` (`tag.<tag>|<paperId>` -> true or false, see
 * `schema.ts`), so concurrent edits of different tags on two devices both survive.
 */
import type * as Y from 'yjs'
import { compareIds } from './ids.js'
import type { PaperId } from './ids.js'
import { FIELD_LIMITS } from './limits.js'
import { InvalidInputError, paperTags, setTags } from './ops.js'
import { groupPaperFields, paperFieldsIndex } from './paperIndex.js'
import { isDeleted, normalizeTag, papersOf, readPaperField, readTags } from './schema.js'

/**
 * Adds one tag to a paper and returns the paper's tags. Concurrent adds and removes of other
 * tags on other devices are kept. No-op for a paper this replica lacks.
 * @throws InvalidInputError for a tag that is empty once normalised, or when the paper already has `FIELD_LIMITS.tags` tags.
 */
export function addTag(doc: Y.Doc, paperId: PaperId, raw: string): string[] {
  const tag = normalizeTag(raw)
  if (!tag) throw new InvalidInputError('A tag needs a letter or a digit.')
  const before = paperTags(doc, paperId)
  if (before.includes(tag)) return before
  if (before.length >= FIELD_LIMITS.tags) throw new InvalidInputError(`A paper has at most ${FIELD_LIMITS.tags} tags.`)
  return setTags(doc, { paperId, add: [tag] })
}

/** Removes one tag from a paper and returns the paper's tags. No-op when it does not carry it. */
export function removeTag(doc: Y.Doc, paperId: PaperId, raw: string): string[] {
  return setTags(doc, { paperId, remove: [normalizeTag(raw)] })
}

/** A tag of the list and how many live papers carry it. */
export interface TagCount {
  tag: string
  papers: number
}

/**
 * Every tag on a live paper with its count, most used first, then by name: the tag editor's
 * suggestions. One pass over the papers (the read cache's grouped fields outside a
 * transaction); each paper contributes at most `FIELD_LIMITS.tags` tags.
 */
export function listTags(doc: Y.Doc): TagCount[] {
  const counts = new Map<string, number>()
  const count = (fields: Readonly<Record<string, unknown>>) => {
    if (!Object.hasOwn(fields, 'addedAt') || isDeleted({ deletedAt: readPaperField('deletedAt', fields.deletedAt) })) return
    for (const tag of readTags(fields.tags, fields)) counts.set(tag, (counts.get(tag) ?? 0) + 1)
  }
  const index = paperFieldsIndex(doc)
  if (index) for (const fields of index.values()) count(fields)
  else for (const fields of groupPaperFields(papersOf(doc)).values()) count(fields)
  return [...counts].map(([tag, papers]) => ({ tag, papers })).sort((a, b) => b.papers - a.papers || compareIds(a.tag, b.tag))
}

/**
 * Suggestions for a tag being typed: the list's tags that start with (then contain) the
 * normalised text, leaving out those the paper has, at most `limit`.
 */
export function suggestTags(all: readonly TagCount[], typed: string, has: readonly string[], limit = 8): string[] {
  const text = normalizeTag(typed)
  const free = all.filter((entry) => !has.includes(entry.tag))
  const starts = free.filter((entry) => entry.tag.startsWith(text))
  const contains = text ? free.filter((entry) => !entry.tag.startsWith(text) && entry.tag.includes(text)) : []
  return [...starts, ...contains].slice(0, Math.max(0, limit)).map((entry) => entry.tag)
}
