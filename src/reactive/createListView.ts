import { batch, createMemo, createSignal, getListener } from 'solid-js'
import { onCleanup } from 'solid-js'
import type { Accessor } from 'solid-js'
import type * as Y from 'yjs'
import type { PaperId } from '../doc/ids.js'
import { compareIds } from '../doc/ids.js'
import { readPaper } from '../doc/queries.js'
import { paperFieldsIndex } from '../doc/paperIndex.js'
import type { PaperFields } from '../doc/paperIndex.js'
import { PAPER_STATUSES, papersOf, paperKey, splitKey, votesOf } from '../doc/schema.js'
import type { PaperStatus } from '../doc/schema.js'
import { countedVotes } from '../doc/club/budget.js'
import { clubSettingsOf } from '../doc/club/schema.js'
import { readClubSettings } from '../doc/club/settings.js'
import type { MemberId, Paper } from '../doc/schema.js'

/** A reactive, incrementally maintained view of a list's papers and votes. */
export interface ListView {
  /** One paper, reactive per paper; undefined if this replica lacks it. */
  paper(id: PaperId): Paper | undefined
  /** Votes that count for a paper: all live votes, or under a vote budget the counted ones. */
  votes(id: PaperId): number
  /** Whether I vote for a paper. */
  myVote(id: PaperId): boolean
  /** Queued papers, ranked: most votes, then oldest added, then id (the same on every device). */
  queue: Accessor<PaperId[]>
  /** Discussed papers, most recently discussed first. */
  discussed: Accessor<PaperId[]>
  /** Soft-deleted papers, most recently deleted first. */
  deleted: Accessor<PaperId[]>
  /** The top of the queue, or null. */
  nextUp: Accessor<PaperId | null>
}

/** Fields whose change can move a paper between or within the ranked lists. */
const ORDER_FIELDS = new Set(['addedAt', 'status', 'deletedAt', 'discussedOn'])

/** Past this many papers changed at once the queue is ranked again from scratch. */
const MOVE_LIMIT = 64

/** Full `Paper` objects are kept for the papers read lately (the rows on screen), up to this many. */
const PAPER_CACHE_LIMIT = 600

/** What places a paper in the ranked lists; the rest of a paper is read only when shown. */
interface Placing {
  addedAt: number
  status: PaperStatus
  deletedAt: number
  discussedOn: string
}

const num = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0)
const str = (value: unknown): string => (typeof value === 'string' ? value : '')
const statusOf = (value: unknown): PaperStatus => (PAPER_STATUSES.includes(value as PaperStatus) ? (value as PaperStatus) : 'queued')

/** The placing of a paper from a field reader, as `toPaper` would read those fields; null if absent. */
function placingOf(field: (name: string) => unknown): Placing | null {
  const addedAt = field('addedAt')
  if (addedAt === undefined) return null
  return { addedAt: num(addedAt), status: statusOf(field('status')), deletedAt: num(field('deletedAt')), discussedOn: str(field('discussedOn')) }
}

const placingOfRecord = (record: Readonly<PaperFields>): Placing | null =>
  placingOf((name) => (Object.hasOwn(record, name) ? record[name] : undefined))

const isQueuedPlacing = (placing: Placing): boolean => !placing.deletedAt && placing.status === 'queued'

/**
 * Per-key change signals, made only for keys some computation reads (the rows on screen),
 * so a list of 10,000 papers holds plain values and a few dozen signals, not a deep store.
 */
function createKeyedTicks<K>(): { track(key: K): void; bump(key: K): void } {
  const ticks = new Map<K, () => void>()
  const bumps = new Map<K, () => void>()
  return {
    track(key) {
      if (!getListener()) return
      let read = ticks.get(key)
      if (!read) {
        const [tick, setTick] = createSignal(undefined, { equals: false })
        ticks.set(key, (read = tick))
        bumps.set(key, () => setTick())
      }
      read()
    },
    bump(key) {
      bumps.get(key)?.()
    },
  }
}

/**
 * Mirrors a list document into plain maps, incrementally: the `papers` map is flat
 * (`<field>|<paperId>` keys), so each event's `keysChanged` names exactly the papers to
 * re-read; votes are indexed per paper the same way. Only what ranks a paper is kept for
 * every paper; a whole `Paper` is built when a reader asks for it (the rows on screen) and
 * kept for a while. Readers subscribe per paper, so only rows whose paper (or count, or my
 * vote) changed re-render. A vote moves one paper within the ranked queue instead of sorting
 * it again; the discussed and deleted lists re-run only when a paper's status changes.
 * Unobserves on owner cleanup.
 */
export function createListView(doc: Y.Doc, memberId: MemberId): ListView {
  const papers = papersOf(doc)
  const votes = votesOf(doc)
  const placings = new Map<PaperId, Placing>()
  const cache = new Map<PaperId, Paper>()
  const voters = new Map<PaperId, Set<MemberId>>()
  const counts = new Map<PaperId, number>()
  const mine = new Set<PaperId>()
  const paperTicks = createKeyedTicks<PaperId>()
  const countTicks = createKeyedTicks<PaperId>()
  const mineTicks = createKeyedTicks<PaperId>()
  /** Bumped when the queue's order may have changed (a vote, or a paper's placing). */
  const [rankChanged, bumpRank] = createSignal(undefined, { equals: false })
  /** Bumped when a paper's placing changed (added, removed, status, deleted, discussed). */
  const [placingChanged, bumpPlacing] = createSignal(undefined, { equals: false })
  /** Papers whose rank may have moved since the queue was last ranked; null: rank them all. */
  let moved: Set<PaperId> | null = null
  const markMoved = (id: PaperId) => {
    if (!moved) return
    moved.add(id)
    if (moved.size > MOVE_LIMIT) moved = null
  }

  // one pass over the flat map (the grouped index), not a lookup per field
  const index = paperFieldsIndex(doc)
  if (index) {
    for (const [id, record] of index) {
      const placing = placingOfRecord(record)
      if (placing) placings.set(id, placing)
    }
  } else {
    const ids = new Set<PaperId>()
    for (const key of papers.keys()) ids.add(splitKey(key)[1])
    for (const id of ids) {
      const placing = placingOf((name) => papers.get(paperKey(name, id)))
      if (placing) placings.set(id, placing)
    }
  }
  for (const key of votes.keys()) {
    const [voter, id] = splitKey(key)
    let set = voters.get(id)
    if (!set) voters.set(id, (set = new Set()))
    set.add(voter)
    if (voter === memberId) mine.add(id)
  }

  // Under a vote budget the counted votes depend on every member's whole vote history
  // (earliest N count), so they are recomputed from the document rather than kept per key.
  const settings = clubSettingsOf(doc)
  let budgeted = readClubSettings(doc).voteBudget !== null
  const setCount = (id: PaperId, count: number) => {
    if ((counts.get(id) ?? 0) === count) return
    if (count) counts.set(id, count)
    else counts.delete(id)
    markMoved(id)
    countTicks.bump(id)
  }
  const refreshCounts = () => {
    const next = budgeted ? countedVotes(doc) : new Map([...voters].map(([id, set]) => [id, set.size]))
    for (const id of [...counts.keys()]) if (!next.get(id)) setCount(id, 0)
    for (const [id, count] of next) setCount(id, count)
  }
  if (budgeted) refreshCounts()
  else for (const [id, set] of voters) if (set.size) counts.set(id, set.size)

  const readPlacing = (id: PaperId): Placing | null => {
    const fields = paperFieldsIndex(doc)
    if (fields) {
      const record = fields.get(id)
      return record ? placingOfRecord(record) : null
    }
    return placingOf((name) => papers.get(paperKey(name, id)))
  }

  const onPapers = (event: Y.YMapEvent<unknown>) => {
    const changed = new Set<PaperId>()
    const replaced = new Set<PaperId>()
    for (const key of event.keysChanged) {
      const [field, id] = splitKey(key)
      changed.add(id)
      if (ORDER_FIELDS.has(field)) replaced.add(id)
    }
    batch(() => {
      for (const id of changed) {
        cache.delete(id)
        paperTicks.bump(id)
      }
      if (!replaced.size) return
      for (const id of replaced) {
        const placing = readPlacing(id)
        if (placing) placings.set(id, placing)
        else placings.delete(id)
        markMoved(id)
      }
      if (budgeted) refreshCounts()
      bumpPlacing()
      bumpRank()
    })
  }
  const onVotes = (event: Y.YMapEvent<number>) => {
    batch(() => {
      for (const key of event.keysChanged) {
        const [voter, id] = splitKey(key)
        let set = voters.get(id)
        if (!set) voters.set(id, (set = new Set()))
        const present = votes.has(key)
        if (present) set.add(voter)
        else set.delete(voter)
        if (!set.size) voters.delete(id)
        if (!budgeted) setCount(id, set.size)
        if (voter === memberId && mine.has(id) !== present) {
          if (present) mine.add(id)
          else mine.delete(id)
          mineTicks.bump(id)
        }
      }
      if (budgeted) refreshCounts()
      bumpRank()
    })
  }
  const onSettings = () => {
    const next = readClubSettings(doc).voteBudget !== null
    if (next === budgeted && !next) return
    budgeted = next
    batch(() => {
      refreshCounts()
      bumpRank()
    })
  }
  papers.observe(onPapers)
  votes.observe(onVotes)
  settings.observe(onSettings)
  onCleanup(() => {
    papers.unobserve(onPapers)
    votes.unobserve(onVotes)
    settings.unobserve(onSettings)
  })

  // the comparators read plain numbers, never signals
  const compareRank = (a: PaperId, b: PaperId): number =>
    (counts.get(b) ?? 0) - (counts.get(a) ?? 0) || placings.get(a)!.addedAt - placings.get(b)!.addedAt || compareIds(a, b)
  const rankAll = (): PaperId[] => {
    const rows: { id: PaperId; votes: number; addedAt: number }[] = []
    for (const [id, placing] of placings) if (isQueuedPlacing(placing)) rows.push({ id, votes: counts.get(id) ?? 0, addedAt: placing.addedAt })
    rows.sort((a, b) => b.votes - a.votes || a.addedAt - b.addedAt || compareIds(a.id, b.id))
    return rows.map((row) => row.id)
  }
  const queue = createMemo<PaperId[], PaperId[] | undefined>((previous) => {
    rankChanged()
    const changed = moved
    moved = new Set()
    if (!previous || !changed) return rankAll()
    if (!changed.size) return previous
    const next = previous.slice()
    for (const id of changed) {
      const at = next.indexOf(id)
      if (at >= 0) next.splice(at, 1)
    }
    for (const id of changed) {
      const placing = placings.get(id)
      if (placing && isQueuedPlacing(placing)) next.splice(insertionPoint(next, id, compareRank), 0, id)
    }
    return next
  }, undefined, { equals: sameIds })
  const discussed = createMemo(() => {
    placingChanged()
    const rows: PaperId[] = []
    for (const [id, placing] of placings) if (!placing.deletedAt && placing.status === 'discussed') rows.push(id)
    return rows.sort((a, b) => compareIds(placings.get(b)!.discussedOn, placings.get(a)!.discussedOn) || compareIds(a, b))
  }, [], { equals: sameIds })
  const deleted = createMemo(() => {
    placingChanged()
    const rows: PaperId[] = []
    for (const [id, placing] of placings) if (placing.deletedAt) rows.push(id)
    return rows.sort((a, b) => placings.get(b)!.deletedAt - placings.get(a)!.deletedAt || compareIds(a, b))
  }, [], { equals: sameIds })
  const nextUp = createMemo(() => queue()[0] ?? null)

  return {
    paper: (id) => {
      paperTicks.track(id)
      if (!placings.has(id)) return undefined
      let paper = cache.get(id)
      if (!paper) {
        paper = readPaper(doc, id) ?? undefined
        if (!paper) return undefined
        if (cache.size >= PAPER_CACHE_LIMIT) cache.clear()
        cache.set(id, paper)
      }
      return paper
    },
    votes: (id) => {
      countTicks.track(id)
      return counts.get(id) ?? 0
    },
    myVote: (id) => {
      mineTicks.track(id)
      return mine.has(id)
    },
    queue,
    discussed,
    deleted,
    nextUp,
  }
}

/** Where `id` goes in the sorted `ids` so they stay sorted by `compare` (binary search). */
function insertionPoint(ids: PaperId[], id: PaperId, compare: (a: PaperId, b: PaperId) => number): number {
  let low = 0
  let high = ids.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if (compare(ids[middle]!, id) < 0) low = middle + 1
    else high = middle
  }
  return low
}

function sameIds(a: PaperId[], b: PaperId[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}
