import { batch, createMemo, createSignal, getListener } from 'solid-js'
import { onCleanup } from 'solid-js'
import type { Accessor } from 'solid-js'
import type * as Y from 'yjs'
import type { PaperId } from '../doc/ids.js'
import { compareDeleted, compareDiscussed, compareRank, readPaper } from '../doc/queries.js'
import type { RankKey } from '../doc/queries.js'
import { paperFieldsIndex } from '../doc/paperIndex.js'
import type { PaperFields } from '../doc/paperIndex.js'
import { isDeleted, isDiscussed, isQueued, papersOf, paperKey, readPaperField, splitKey, votesOf } from '../doc/schema.js'
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
  /** Queued papers, ranked by the document's rule (`compareRank`), the same on every device. */
  queue: Accessor<PaperId[]>
  /** Discussed papers, in the archive's order (`compareDiscussed`). */
  discussed: Accessor<PaperId[]>
  /** Soft-deleted papers, in the trash's order (`compareDeleted`). */
  deleted: Accessor<PaperId[]>
  /** The top of the queue, or null. */
  nextUp: Accessor<PaperId | null>
}

/** Fields whose change can move a paper between or within the ranked lists. */
const ORDER_FIELDS = new Set(['addedAt', 'status', 'deletedAt', 'discussedOn'])

/** Past this many papers changed at once the queue is ranked again from scratch. */
const MOVE_LIMIT = 64

/**
 * Full `Paper` objects are kept for the papers read lately, up to this many: the rows on the
 * page (a short list renders up to 200, a windowed one a few dozen), the cached view's first
 * rows (30) and the cards. A paper no row reads is not built.
 */
const PAPER_CACHE_LIMIT = 256

/** What places a paper in the ranked lists; the rest of a paper is read only when shown. */
type Placing = Pick<Paper, 'id' | 'addedAt' | 'status' | 'deletedAt' | 'discussedOn'>

/** The placing of a paper from a field reader, read as `toPaper` reads those fields; null if absent. */
function placingOf(id: PaperId, field: (name: string) => unknown): Placing | null {
  const addedAt = field('addedAt')
  if (addedAt === undefined) return null
  return {
    id,
    addedAt: readPaperField('addedAt', addedAt),
    status: readPaperField('status', field('status')),
    deletedAt: readPaperField('deletedAt', field('deletedAt')),
    discussedOn: readPaperField('discussedOn', field('discussedOn')),
  }
}

const placingOfRecord = (id: PaperId, record: Readonly<PaperFields>): Placing | null =>
  placingOf(id, (name) => (Object.hasOwn(record, name) ? record[name] : undefined))

/** A paper's placing as stored now: from the grouped index when it is current, else the map. */
function readPlacing(doc: Y.Doc, id: PaperId): Placing | null {
  const fields = paperFieldsIndex(doc)
  if (fields) {
    const record = fields.get(id)
    return record ? placingOfRecord(id, record) : null
  }
  const papers = papersOf(doc)
  return placingOf(id, (name) => papers.get(paperKey(name, id)))
}

/** Every paper's placing, in one pass over the flat map (the grouped index), not a lookup per field. */
function readAllPlacings(doc: Y.Doc): Map<PaperId, Placing> {
  const placings = new Map<PaperId, Placing>()
  const index = paperFieldsIndex(doc)
  if (index) {
    for (const [id, record] of index) {
      const placing = placingOfRecord(id, record)
      if (placing) placings.set(id, placing)
    }
    return placings
  }
  const ids = new Set<PaperId>()
  for (const key of papersOf(doc).keys()) ids.add(splitKey(key)[1])
  for (const id of ids) {
    const placing = readPlacing(doc, id)
    if (placing) placings.set(id, placing)
  }
  return placings
}

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

/** Papers whose rank may have moved since the queue was last ranked; null once too many did (rank them all). */
function createMovedSet() {
  let moved: Set<PaperId> | null = null
  return {
    mark(id: PaperId) {
      if (!moved) return
      moved.add(id)
      if (moved.size > MOVE_LIMIT) moved = null
    },
    /** The papers moved since the last call, and start a fresh set. */
    take(): Set<PaperId> | null {
      const taken = moved
      moved = new Set()
      return taken
    },
  }
}

/**
 * Votes indexed per paper: who votes for each, the count that ranks it and my own votes.
 * Without a budget a count is the number of voters, kept per key; under a vote budget the
 * counted votes depend on every member's whole vote history (earliest N count), so they are
 * recomputed from the document (`countedVotes`).
 */
function createVoteCounts(doc: Y.Doc, memberId: MemberId, onCountChanged: (id: PaperId) => void) {
  const votes = votesOf(doc)
  const voters = new Map<PaperId, Set<MemberId>>()
  const counts = new Map<PaperId, number>()
  const mine = new Set<PaperId>()
  const countTicks = createKeyedTicks<PaperId>()
  const mineTicks = createKeyedTicks<PaperId>()
  let budgeted = readClubSettings(doc).voteBudget !== null

  const setCount = (id: PaperId, count: number) => {
    if ((counts.get(id) ?? 0) === count) return
    if (count) counts.set(id, count)
    else counts.delete(id)
    onCountChanged(id)
    countTicks.bump(id)
  }
  const refresh = () => {
    const next = budgeted ? countedVotes(doc) : new Map([...voters].map(([id, set]) => [id, set.size]))
    for (const id of [...counts.keys()]) if (!next.get(id)) setCount(id, 0)
    for (const [id, count] of next) setCount(id, count)
  }
  /** Applies one changed vote key; returns nothing, bumps the readers it concerns. */
  const applyVoteKey = (key: string) => {
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

  for (const key of votes.keys()) {
    const [voter, id] = splitKey(key)
    let set = voters.get(id)
    if (!set) voters.set(id, (set = new Set()))
    set.add(voter)
    if (voter === memberId) mine.add(id)
  }
  if (budgeted) refresh()
  else for (const [id, set] of voters) if (set.size) counts.set(id, set.size)

  return {
    count: (id: PaperId): number => counts.get(id) ?? 0,
    /** Call after vote keys changed (inside a batch). */
    applyVotes(keys: Iterable<string>) {
      for (const key of keys) applyVoteKey(key)
      if (budgeted) refresh()
    },
    /** Call after placings changed: under a budget, a paper leaving the queue frees its votes. */
    placingsChanged() {
      if (budgeted) refresh()
    },
    /** Call after the club settings changed; returns whether counts may have changed. */
    settingsChanged(): boolean {
      const next = readClubSettings(doc).voteBudget !== null
      if (next === budgeted && !next) return false
      budgeted = next
      refresh()
      return true
    },
    votes(id: PaperId): number {
      countTicks.track(id)
      return counts.get(id) ?? 0
    },
    myVote(id: PaperId): boolean {
      mineTicks.track(id)
      return mine.has(id)
    },
  }
}

/**
 * The ranked queue, kept incrementally: a vote moves only the papers it touched (removed and
 * re-inserted by binary search, O(log n) comparisons each); past {@link MOVE_LIMIT} moved
 * papers, or on first use, it ranks every queued paper again.
 */
function createRankedQueue(placings: Map<PaperId, Placing>, count: (id: PaperId) => number, moved: ReturnType<typeof createMovedSet>, changed: Accessor<void>) {
  // the comparators read plain numbers, never signals
  const rankKey = (id: PaperId): RankKey => ({ id, votes: count(id), addedAt: placings.get(id)!.addedAt })
  const compareIdsByRank = (a: PaperId, b: PaperId): number => compareRank(rankKey(a), rankKey(b))
  const rankAll = (): PaperId[] => {
    const rows: RankKey[] = []
    for (const [id, placing] of placings) if (isQueued(placing)) rows.push({ id, votes: count(id), addedAt: placing.addedAt })
    return rows.sort(compareRank).map((row) => row.id)
  }
  /** Whether a queued paper still ranks between its neighbours where it stands (a vote that moved nothing). */
  const staysInPlace = (ids: PaperId[], id: PaperId): boolean => {
    const placing = placings.get(id)
    const at = ids.indexOf(id)
    if (!placing || !isQueued(placing) || at < 0) return false
    const above = ids[at - 1]
    const below = ids[at + 1]
    return (above === undefined || compareIdsByRank(above, id) < 0) && (below === undefined || compareIdsByRank(id, below) < 0)
  }
  return createMemo<PaperId[], PaperId[] | undefined>((previous) => {
    changed()
    const touched = moved.take()
    if (!previous || !touched) return rankAll()
    if (!touched.size) return previous
    if (touched.size === 1 && staysInPlace(previous, touched.values().next().value!)) return previous
    const next = previous.slice()
    for (const id of touched) {
      const at = next.indexOf(id)
      if (at >= 0) next.splice(at, 1)
    }
    for (const id of touched) {
      const placing = placings.get(id)
      if (placing && isQueued(placing)) next.splice(insertionPoint(next, id, compareIdsByRank), 0, id)
    }
    return next
  }, undefined, { equals: sameIds })
}

/** The papers that pass `include`, in the document's `compare` order; re-run only when a placing changed. */
function createPlacedList(placings: Map<PaperId, Placing>, include: (placing: Placing) => boolean, compare: (a: Placing, b: Placing) => number, changed: Accessor<void>) {
  return createMemo(() => {
    changed()
    const rows: Placing[] = []
    for (const placing of placings.values()) if (include(placing)) rows.push(placing)
    return rows.sort(compare).map((placing) => placing.id)
  }, [], { equals: sameIds })
}

/**
 * Whole papers on demand: built from the document when a reader (a row on screen) asks,
 * kept until the paper changes, at most {@link PAPER_CACHE_LIMIT} at a time.
 */
function createPaperReader(doc: Y.Doc, placings: Map<PaperId, Placing>) {
  const cache = new Map<PaperId, Paper>()
  const ticks = createKeyedTicks<PaperId>()
  return {
    changed(id: PaperId) {
      cache.delete(id)
      ticks.bump(id)
    },
    read(id: PaperId): Paper | undefined {
      ticks.track(id)
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
  }
}

/**
 * Mirrors a list document into plain maps, incrementally: the `papers` map is flat
 * (`<field>|<paperId>` keys), so each event's `keysChanged` names exactly the papers to
 * re-read; votes are indexed per paper the same way. Only what ranks a paper is kept for
 * every paper; a whole `Paper` is built when a reader asks for it (the rows on screen) and
 * kept for a while. Readers subscribe per paper, so only rows whose paper (or count, or my
 * vote) changed re-render. A vote moves one paper within the ranked queue instead of sorting
 * it again; the discussed and deleted lists re-run only when a paper's status changes. The
 * orders and predicates are the document's (`queries.ts`, `schema.ts`). Unobserves on owner
 * cleanup.
 */
export function createListView(doc: Y.Doc, memberId: MemberId): ListView {
  const papers = papersOf(doc)
  const votes = votesOf(doc)
  const settings = clubSettingsOf(doc)
  const placings = readAllPlacings(doc)
  const moved = createMovedSet()
  const counts = createVoteCounts(doc, memberId, moved.mark)
  const reader = createPaperReader(doc, placings)
  /** Bumped when the queue's order may have changed (a vote, or a paper's placing). */
  const [rankChanged, bumpRank] = createSignal(undefined, { equals: false })
  /** Bumped when a paper's placing changed (added, removed, status, deleted, discussed). */
  const [placingChanged, bumpPlacing] = createSignal(undefined, { equals: false })

  const onPapers = (event: Y.YMapEvent<unknown>) => {
    const changed = new Set<PaperId>()
    const replaced = new Set<PaperId>()
    for (const key of event.keysChanged) {
      const [field, id] = splitKey(key)
      changed.add(id)
      if (ORDER_FIELDS.has(field)) replaced.add(id)
    }
    batch(() => {
      for (const id of changed) reader.changed(id)
      if (!replaced.size) return
      for (const id of replaced) {
        const placing = readPlacing(doc, id)
        if (placing) placings.set(id, placing)
        else placings.delete(id)
        moved.mark(id)
      }
      counts.placingsChanged()
      bumpPlacing()
      bumpRank()
    })
  }
  const onVotes = (event: Y.YMapEvent<number>) => {
    batch(() => {
      counts.applyVotes(event.keysChanged)
      bumpRank()
    })
  }
  const onSettings = () => {
    batch(() => {
      if (counts.settingsChanged()) bumpRank()
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

  const queue = createRankedQueue(placings, counts.count, moved, rankChanged)
  const discussed = createPlacedList(placings, isDiscussed, compareDiscussed, placingChanged)
  const deleted = createPlacedList(placings, isDeleted, compareDeleted, placingChanged)
  const nextUp = createMemo(() => queue()[0] ?? null)

  return { paper: reader.read, votes: counts.votes, myVote: counts.myVote, queue, discussed, deleted, nextUp }
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
  if (a === b) return true
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}
