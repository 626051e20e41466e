/**
 * A read cache of the flat `papers` map, grouped by paper: `paperId → { field → value }`.
 *
 * Looking a field up in the flat map builds a `<field>|<id>` key and hashes it, about a
 * microsecond each; reading 10,000 papers field by field costs a third of a second. The
 * index is built in one pass over the map on first use and then kept current from each
 * transaction's changed keys (`beforeObserverCalls`, so observers already read fresh
 * values). While any transaction is open or not yet cleaned up it is not used: readers fall
 * back to the map itself, so a read inside a transaction sees its own writes. It only ever
 * holds what the map holds; nothing is written back and the stored layout is untouched.
 */
import type * as Y from 'yjs'
import type { PaperId } from './ids.js'
import { KEY_SEPARATOR, papersOf, splitKey } from './schema.js'
import { isInTransaction } from './yjsInternals.js'

/** One paper's stored fields, as found in the map (absent field = absent key). */
export type PaperFields = Record<string, unknown>

interface Index {
  byPaper: Map<PaperId, PaperFields>
  /** Transactions begun and not yet mirrored into the index. */
  pending: number
}

const indexes = new WeakMap<Y.Doc, Index>()

/** A field name that would touch the record's prototype instead of one of its own properties. */
const UNSAFE_FIELD = '__proto__'

function setField(byPaper: Map<PaperId, PaperFields>, key: string, present: boolean, value: unknown): void {
  // a key with no separator names no paper field: `paperKey` never makes one
  if (!key.includes(KEY_SEPARATOR)) return
  const [field, id] = splitKey(key)
  if (field === UNSAFE_FIELD) return
  let record = byPaper.get(id)
  if (present) {
    if (!record) byPaper.set(id, (record = {}))
    record[field] = value
  } else if (record && Object.hasOwn(record, field)) {
    delete record[field]
    if (Object.keys(record).length === 0) byPaper.delete(id)
  }
}

/**
 * The papers map grouped by paper in one pass: what the index holds, made fresh. For reads
 * inside a transaction that touch many papers (one pass instead of one per paper).
 */
export function groupPaperFields(papers: Y.Map<unknown>): Map<PaperId, PaperFields> {
  const byPaper = new Map<PaperId, PaperFields>()
  papers.forEach((value, key) => setField(byPaper, key, true, value))
  return byPaper
}

/** One paper's stored fields, read from the map in one pass over its keys (for a read inside a transaction). */
export function fieldsOfPaper(papers: Y.Map<unknown>, id: PaperId): PaperFields {
  const record: PaperFields = {}
  const suffix = KEY_SEPARATOR + id
  papers.forEach((value, key) => {
    if (!key.endsWith(suffix)) return
    const [field, owner] = splitKey(key)
    if (owner === id && field !== UNSAFE_FIELD) record[field] = value
  })
  return record
}

function build(doc: Y.Doc): Index {
  const papers = papersOf(doc)
  const byPaper = groupPaperFields(papers)
  const index: Index = { byPaper, pending: 0 }
  doc.on('beforeTransaction', () => {
    index.pending++
  })
  doc.on('beforeObserverCalls', (transaction: Y.Transaction) => {
    // an index made between a transaction's start and its clean-up already read its writes
    index.pending = Math.max(0, index.pending - 1)
    const keys = transaction.changed.get(papers as Y.AbstractType<any>)
    if (!keys) return
    for (const key of keys) if (key !== null) setField(index.byPaper, key, papers.has(key), papers.get(key))
  })
  return index
}

/**
 * The grouped fields of every paper, or null while a transaction is open (read the map
 * then). The returned map and records are the index itself: read them, never change them.
 */
export function paperFieldsIndex(doc: Y.Doc): ReadonlyMap<PaperId, Readonly<PaperFields>> | null {
  // inside a transaction the index may lag its writes
  if (isInTransaction(doc)) return null
  let index = indexes.get(doc)
  if (!index) indexes.set(doc, (index = build(doc)))
  return index.pending === 0 ? index.byPaper : null
}
