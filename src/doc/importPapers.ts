/**
 * Adds many papers at once (an import): the preview's new / already-there split, and the
 * add itself in one transaction, so peers receive the whole import as one update and an
 * undo (or a crash) never leaves half of it.
 */
import type * as Y from 'yjs'
import { paperIdFor } from './ids.js'
import type { PaperId } from './ids.js'
import { InvalidInputError, LOCAL_ORIGIN, addPaper } from './ops.js'
import type { PaperInput } from './ops.js'
import { isDeleted, papersOf, queueStateOf } from './schema.js'
import type { MemberId } from './schema.js'

/** How an import's papers relate to the list: new ones, and ones it already holds (which merge). */
export interface ImportSplit {
  fresh: PaperInput[]
  existing: PaperInput[]
  /** Papers nothing identifies (no title, arXiv id, DOI or link); the add would refuse them. */
  unusable: PaperInput[]
}

/**
 * Sorts parsed papers into new and already in the list, for the preview. A paper that was
 * deleted counts as new: adding it restores it. Pure read.
 */
export function splitImport(doc: Y.Doc, papers: readonly PaperInput[]): ImportSplit {
  const map = papersOf(doc)
  const split: ImportSplit = { fresh: [], existing: [], unusable: [] }
  const seen = new Set<PaperId>()
  for (const paper of papers) {
    const id = paperIdFor(paper)
    if (!id) {
      split.unusable.push(paper)
      continue
    }
    const state = queueStateOf(map, id)
    const present = state !== null && !isDeleted(state)
    if (present || seen.has(id)) split.existing.push(paper)
    else split.fresh.push(paper)
    seen.add(id)
  }
  return split
}

/** What `importPapers` did. */
export interface ImportResult {
  /** Papers new to this replica (or restored from the deleted ones). */
  added: number
  /** Papers merged into an entry the list already had. */
  merged: number
  /** Papers refused because nothing identifies them. */
  refused: number
  /** Ids of every paper added or merged, in input order. */
  ids: PaperId[]
}

/**
 * Adds every paper through `addPaper`, all inside one transaction. Duplicates merge by
 * identity (a field already set is kept), exactly as single adds do, so concurrent imports
 * of the same file on two devices converge on one entry per paper. Papers `addPaper`
 * refuses are counted, never thrown: one bad entry does not cancel the rest.
 */
export function importPapers(doc: Y.Doc, papers: readonly PaperInput[], by: MemberId, at: number = Date.now()): ImportResult {
  const result: ImportResult = { added: 0, merged: 0, refused: 0, ids: [] }
  const map = papersOf(doc)
  doc.transact(() => {
    for (const paper of papers) {
      try {
        const id = paperIdFor(paper)
        const state = id ? queueStateOf(map, id) : null
        const wasDeleted = state !== null && isDeleted(state)
        const { id: added, created } = addPaper(doc, paper, by, at)
        if (created || wasDeleted) result.added++
        else result.merged++
        result.ids.push(added)
      } catch (error) {
        if (!(error instanceof InvalidInputError)) throw error
        result.refused++
      }
    }
  }, LOCAL_ORIGIN)
  return result
}
