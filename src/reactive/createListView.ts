import { batch, createMemo, createSignal, getListener, onCleanup } from 'solid-js'
import type { Accessor } from 'solid-js'
import type * as Y from 'yjs'
import type { PaperId } from '../doc/ids.js'
import { compareIds, isQueued, readPaper } from '../doc/queries.js'
import { paperFieldsIndex } from '../doc/paperIndex.js'
import { papersOf, splitKey, toPaper, votesOf } from '../doc/schema.js'
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
 * re-read; votes are indexed per paper the same way. Readers subscribe per paper, so only
 * rows whose paper (or count, or my vote) changed re-render. Ranking reads the plain maps,
 * untracked, and re-runs only when something that orders papers changed. Unobserves on
 * owner cleanup.
 */
export function createListView(doc: Y.Doc, memberId: MemberId): ListView {
  const papers = papersOf(doc)
  const votes = votesOf(doc)
  const plain = new Map<PaperId, Paper>()
  const voters = new Map<PaperId, Set<MemberId>>()
  const counts = new Map<PaperId, number>()
  const mine = new Set<PaperId>()
  const paperTicks = createKeyedTicks<PaperId>()
  const countTicks = createKeyedTicks<PaperId>()
  const mineTicks = createKeyedTicks<PaperId>()
  const [order, bumpOrder] = createSignal(undefined, { equals: false })

  // one pass over the flat map (the grouped index), not a lookup per field
  const index = paperFieldsIndex(doc)
  if (index) {
    for (const [id, record] of index) {
      if (!Object.hasOwn(record, 'addedAt')) continue
      plain.set(id, toPaper(id, (field) => (Object.hasOwn(record, field) ? record[field] : undefined)))
    }
  } else {
    const ids = new Set<PaperId>()
    for (const key of papers.keys()) ids.add(splitKey(key)[1])
    for (const id of ids) {
      const paper = readPaper(doc, id)
      if (paper) plain.set(id, paper)
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
    countTicks.bump(id)
  }
  const refreshCounts = () => {
    const next = budgeted ? countedVotes(doc) : new Map([...voters].map(([id, set]) => [id, set.size]))
    for (const id of [...counts.keys()]) if (!next.get(id)) setCount(id, 0)
    for (const [id, count] of next) setCount(id, count)
  }
  if (budgeted) refreshCounts()
  else for (const [id, set] of voters) if (set.size) counts.set(id, set.size)

  const onPapers = (event: Y.YMapEvent<unknown>) => {
    const changed = new Set<PaperId>()
    let reorder = false
    for (const key of event.keysChanged) {
      const [field, id] = splitKey(key)
      changed.add(id)
      if (ORDER_FIELDS.has(field)) reorder = true
    }
    batch(() => {
      for (const id of changed) {
        const paper = readPaper(doc, id)
        if (paper) {
          if (!plain.has(id)) reorder = true
          plain.set(id, paper)
          paperTicks.bump(id)
        } else if (plain.delete(id)) {
          reorder = true
          paperTicks.bump(id)
        }
      }
      if (reorder && budgeted) refreshCounts()
      if (reorder) bumpOrder()
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
        if (!budgeted) setCount(id, set.size)
        if (voter === memberId && mine.has(id) !== present) {
          if (present) mine.add(id)
          else mine.delete(id)
          mineTicks.bump(id)
        }
      }
      if (budgeted) refreshCounts()
      bumpOrder()
    })
  }
  const onSettings = () => {
    const next = readClubSettings(doc).voteBudget !== null
    if (next === budgeted && !next) return
    budgeted = next
    batch(() => {
      refreshCounts()
      bumpOrder()
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

  // the comparators read plain numbers gathered once per ranking, never signals
  const queue = createMemo(() => {
    order()
    const rows: { id: PaperId; votes: number; addedAt: number }[] = []
    for (const [id, paper] of plain) if (isQueued(paper)) rows.push({ id, votes: counts.get(id) ?? 0, addedAt: paper.addedAt })
    rows.sort((a, b) => b.votes - a.votes || a.addedAt - b.addedAt || compareIds(a.id, b.id))
    return rows.map((row) => row.id)
  }, [], { equals: sameIds })
  const discussed = createMemo(() => {
    order()
    const rows = [...plain.values()].filter((paper) => !paper.deletedAt && paper.status === 'discussed')
    return rows.sort((a, b) => compareIds(b.discussedOn, a.discussedOn) || compareIds(a.id, b.id)).map((paper) => paper.id)
  }, [], { equals: sameIds })
  const deleted = createMemo(() => {
    order()
    const rows = [...plain.values()].filter((paper) => paper.deletedAt)
    return rows.sort((a, b) => b.deletedAt - a.deletedAt || compareIds(a.id, b.id)).map((paper) => paper.id)
  }, [], { equals: sameIds })

  return {
    paper: (id) => {
      paperTicks.track(id)
      return plain.get(id)
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
    nextUp: () => queue()[0] ?? null,
  }
}

function sameIds(a: PaperId[], b: PaperId[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}
