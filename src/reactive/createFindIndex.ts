import { createSignal, onCleanup } from 'solid-js'
import type { Accessor } from 'solid-js'
import type * as Y from 'yjs'
import type { PaperId } from '../doc/ids.js'
import { findEntryOf } from '../doc/listQuery.js'
import type { FindEntry, FindFacts } from '../doc/listQuery.js'
import { paperIds, readPaper } from '../doc/queries.js'
import { CLUB_ROOT } from '../doc/club/schema.js'
import { ROOT, flatKey, papersOf, readingOf, splitKey, votesOf } from '../doc/schema.js'
import type { MemberId } from '../doc/schema.js'
import { MAX_VALUE_DEPTH } from '../doc/roots.js'

/** What the find bar reads of a list: one prepared entry per paper, and this member's live facts. */
export interface FindIndex {
  /** Changes whenever an entry or a fact may have changed; a query re-runs on it. */
  version: Accessor<number>
  /** The find entry of a paper, built on first use and kept until the paper or its note changes. */
  entry(id: PaperId): FindEntry | undefined
  /** This member's vote and reading of a paper, and how many members have read it. */
  facts(id: PaperId): FindFacts
  /**
   * Builds every entry in slices between frames (from the search box's focus), so the first
   * keystroke only matches and the focus itself never holds the page. Safe to call again.
   */
  warm(): void
  /** Every entry this replica can build (for the tag choices). */
  entries(): Iterable<FindEntry>
}

const NOTE_PREFIX = flatKey('note', '')
/** Entries built per task while warming: a few milliseconds of work, then the page may paint. */
const WARM_SLICE = 400
/** Roots whose changes never touch what find reads (votes and reading are read key by key). */
const UNRELATED_ROOTS = new Set<string>([ROOT.meta, ROOT.members, ROOT.comments, ...Object.values(CLUB_ROOT)])

/**
 * Keeps find's per-paper entries (folded search text of title, authors, abstract, tags and
 * note; the fields filters and sorts read) so a keystroke matches prepared strings instead of
 * reading 10,000 papers again. An entry is built when first asked for and dropped when its
 * paper's keys or its note change (from each transaction's changed types); a change to a
 * root this code does not know (a newer build's) drops them all, so nothing stale is shown.
 * My votes and the reading states are kept as sets, updated key by key. Unobserves on
 * owner cleanup.
 */
export function createFindIndex(doc: Y.Doc, memberId: MemberId): FindIndex {
  const papers = papersOf(doc)
  const votes = votesOf(doc)
  const reading = readingOf(doc)
  const entries = new Map<PaperId, FindEntry>()
  const myVotes = new Set<PaperId>()
  const readers = new Map<PaperId, Set<MemberId>>()
  const [version, setVersion] = createSignal(0)
  const bump = () => setVersion((value) => value + 1)

  for (const key of votes.keys()) {
    const [voter, id] = splitKey(key)
    if (voter === memberId) myVotes.add(id)
  }
  const setRead = (key: string) => {
    const [reader, id] = splitKey(key)
    let set = readers.get(id)
    if (reading.get(key) === 'read') {
      if (!set) readers.set(id, (set = new Set()))
      set.add(reader)
    } else if (set) {
      set.delete(reader)
      if (!set.size) readers.delete(id)
    }
  }
  for (const key of reading.keys()) setRead(key)

  /** Root name of each root type seen, filled from `doc.share` on a miss. */
  const rootNames = new Map<Y.AbstractType<any>, string>()
  const rootNameOf = (type: Y.AbstractType<any>): string | null => {
    let root = type
    // a root is reached in at most MAX_VALUE_DEPTH steps: no value nests deeper
    for (let depth = 0; root.parent && depth < MAX_VALUE_DEPTH; depth++) root = root.parent as Y.AbstractType<any>
    let name = rootNames.get(root)
    if (name === undefined) {
      for (const [shareName, shared] of doc.share) rootNames.set(shared, shareName)
      name = rootNames.get(root)
    }
    return name ?? null
  }

  const onTransaction = (transaction: Y.Transaction) => {
    let changed = false
    for (const [type, keys] of transaction.changed) {
      const name = rootNameOf(type)
      if (name === ROOT.papers) {
        for (const key of keys) if (key !== null) entries.delete(splitKey(key)[1])
        changed = true
      } else if (name === ROOT.votes) {
        for (const key of keys) {
          if (key === null) continue
          const [voter, id] = splitKey(key)
          if (voter !== memberId) continue
          if (votes.has(key)) myVotes.add(id)
          else myVotes.delete(id)
          changed = true
        }
      } else if (name === ROOT.reading) {
        for (const key of keys) if (key !== null) setRead(key)
        changed = true
      } else if (name?.startsWith(NOTE_PREFIX)) {
        entries.delete(name.slice(NOTE_PREFIX.length) as PaperId)
        changed = true
      } else if (name === null || !UNRELATED_ROOTS.has(name)) {
        entries.clear()
        changed = true
      }
    }
    if (changed) bump()
  }
  doc.on('afterTransaction', onTransaction)
  onCleanup(() => doc.off('afterTransaction', onTransaction))

  const noteOfPaper = (id: PaperId): string => {
    // only notes that exist are read: asking the document for a missing one would create it
    const note = doc.share.get(`${NOTE_PREFIX}${id}`)
    return note ? doc.getText(`${NOTE_PREFIX}${id}`).toString() : ''
  }
  const entry = (id: PaperId): FindEntry | undefined => {
    let found = entries.get(id)
    if (!found) {
      const paper = readPaper(doc, id)
      if (!paper) return undefined
      entries.set(id, (found = findEntryOf(paper, noteOfPaper(id))))
    }
    return found
  }
  const facts = (id: PaperId): FindFacts => ({
    votedByMe: myVotes.has(id),
    readByMe: readers.get(id)?.has(memberId) ?? false,
    readCount: readers.get(id)?.size ?? 0,
  })
  // every paper this replica holds (bounded by the list's size), WARM_SLICE per task
  let warming: ReturnType<typeof setTimeout> | null = null
  const warm = () => {
    if (warming !== null) return
    const started = performance.now()
    const ids = paperIds(doc)
    let at = 0
    const slice = () => {
      const end = Math.min(ids.length, at + WARM_SLICE)
      for (; at < end; at++) entry(ids[at]!)
      warming = at < ids.length ? setTimeout(slice, 0) : null
      // the whole preparation, for the search benchmark
      if (warming === null) performance.measure?.('shortlist:find-warm', { start: started, end: performance.now() })
    }
    slice()
  }
  onCleanup(() => {
    if (warming !== null) clearTimeout(warming)
  })
  return {
    version,
    entry,
    facts,
    warm,
    *entries() {
      for (const id of paperIds(doc)) {
        const found = entry(id)
        if (found) yield found
      }
    },
  }
}
