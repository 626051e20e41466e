import { describe, expect, test } from 'vitest'
import { addPaper, deletePaper, nextUp, rankQueue, setStatus, setVote, InvalidInputError } from '../../../src/doc/index.js'
import type { PaperId } from '../../../src/doc/index.js'
import { canVote, voteGate, countedVotes, overBudgetVotes, readClubSettings, setVoteBudget, votesLeft } from '../../../src/doc/club/index.js'
import { makeReplicas, syncAll } from './replicas.js'

const titles = ['A', 'B', 'C', 'D']

function seeded() {
  const docs = makeReplicas(3)
  const ids = titles.map((title, i) => addPaper(docs[0]!, { title }, 'creator', 100 + i).id)
  setVoteBudget(docs[0]!, 2)
  syncAll(docs)
  return { docs, ids: ids as [PaperId, PaperId, PaperId, PaperId] }
}

describe('vote budget', () => {
  test('without a budget every live vote on a queued paper counts', () => {
    const [doc] = makeReplicas(1)
    const a = addPaper(doc!, { title: 'A' }, 'm', 1).id
    const b = addPaper(doc!, { title: 'B' }, 'm', 2).id
    setVote(doc!, { paperId: a, memberId: 'x', on: true, at: 10 })
    setVote(doc!, { paperId: b, memberId: 'x', on: true, at: 11 })
    setVote(doc!, { paperId: b, memberId: 'y', on: true, at: 12 })
    expect(readClubSettings(doc!).voteBudget).toBeNull()
    expect(countedVotes(doc!)).toEqual(new Map([[a, 1], [b, 2]]))
    deletePaper(doc!, b)
    setVote(doc!, { paperId: 'title:missing' as PaperId, memberId: 'x', on: true, at: 13 })
    expect(countedVotes(doc!)).toEqual(new Map([[a, 1]]))
    expect(votesLeft(doc!, 'x')).toBeNull()
  })

  test('over budget on two devices offline: the earliest votes count on every replica', () => {
    const { docs, ids } = seeded()
    const [a, b, c, d] = ids
    // Member x votes on device 1 and device 2 while both are offline: four votes, budget two.
    setVote(docs[1]!, { paperId: c, memberId: 'x', on: true, at: 300 })
    setVote(docs[1]!, { paperId: a, memberId: 'x', on: true, at: 500 })
    setVote(docs[2]!, { paperId: d, memberId: 'x', on: true, at: 200 })
    setVote(docs[2]!, { paperId: b, memberId: 'x', on: true, at: 400 })
    expect(countedVotes(docs[1]!)).toEqual(new Map([[c, 1], [a, 1]]))
    syncAll(docs)
    for (const doc of docs) {
      expect(countedVotes(doc)).toEqual(new Map([[d, 1], [c, 1]]))
      expect(overBudgetVotes(doc, 'x').map((vote) => vote.paperId)).toEqual([b, a])
      expect(rankQueue(doc).map((ranked) => [ranked.paper.id, ranked.votes])).toEqual([[c, 1], [d, 1], [a, 0], [b, 0]])
      expect(votesLeft(doc, 'x')).toBe(0)
      expect(canVote(doc, { memberId: 'x', paperId: a })).toBe(true)
    }
  })

  test('equal vote times break ties by paper id', () => {
    const { docs, ids } = seeded()
    setVote(docs[1]!, { paperId: ids[2], memberId: 'x', on: true, at: 300 })
    setVote(docs[2]!, { paperId: ids[0], memberId: 'x', on: true, at: 300 })
    setVote(docs[2]!, { paperId: ids[3], memberId: 'x', on: true, at: 300 })
    syncAll(docs)
    const sorted = [ids[0], ids[2], ids[3]].sort()
    for (const doc of docs) expect([...countedVotes(doc).keys()].sort()).toEqual(sorted.slice(0, 2))
  })

  test('a discussed paper frees its vote: the next vote in order starts to count', () => {
    const { docs, ids } = seeded()
    const [a, b, c] = ids
    setVote(docs[0]!, { paperId: a, memberId: 'x', on: true, at: 1 })
    setVote(docs[0]!, { paperId: b, memberId: 'x', on: true, at: 2 })
    setVote(docs[0]!, { paperId: c, memberId: 'x', on: true, at: 3 })
    expect(countedVotes(docs[0]!).get(c)).toBeUndefined()
    setStatus(docs[1]!, a, 'discussed', { discussedOn: '2026-01-01' })
    syncAll(docs)
    for (const doc of docs) expect(countedVotes(doc)).toEqual(new Map([[b, 1], [c, 1]]))
  })

  test('the vote gate: a vote back is always allowed, a new one needs a queued live paper and a vote left', () => {
    const queued = { deletedAt: 0, status: 'queued' } as const
    expect(voteGate({ paper: queued, votesFor: false, votesLeft: null })).toBe(true)
    expect(voteGate({ paper: queued, votesFor: false, votesLeft: 1 })).toBe(true)
    expect(voteGate({ paper: queued, votesFor: false, votesLeft: 0 })).toBe(false)
    expect(voteGate({ paper: { deletedAt: 5, status: 'queued' }, votesFor: false, votesLeft: null })).toBe(false)
    expect(voteGate({ paper: { deletedAt: 0, status: 'discussed' }, votesFor: false, votesLeft: null })).toBe(false)
    expect(voteGate({ paper: null, votesFor: false, votesLeft: null })).toBe(false)
    expect(voteGate({ paper: { deletedAt: 0, status: 'discussed' }, votesFor: true, votesLeft: 0 })).toBe(true)
  })

  test('canVote enforces the budget for the UI', () => {
    const { docs, ids } = seeded()
    const doc = docs[0]!
    expect(canVote(doc, { memberId: 'x', paperId: ids[0] })).toBe(true)
    setVote(doc, { paperId: ids[0], memberId: 'x', on: true, at: 1 })
    setVote(doc, { paperId: ids[1], memberId: 'x', on: true, at: 2 })
    expect(votesLeft(doc, 'x')).toBe(0)
    expect(canVote(doc, { memberId: 'x', paperId: ids[2] })).toBe(false)
    expect(canVote(doc, { memberId: 'x', paperId: ids[0] })).toBe(true)
    expect(canVote(doc, { memberId: 'y', paperId: ids[2] })).toBe(true)
    deletePaper(doc, ids[3])
    expect(canVote(doc, { memberId: 'y', paperId: ids[3] })).toBe(false)
    setVoteBudget(doc, null)
    expect(canVote(doc, { memberId: 'x', paperId: ids[2] })).toBe(true)
  })

  test('next up follows counted votes, not raw ones', () => {
    const { docs, ids } = seeded()
    const doc = docs[0]!
    setVote(doc, { paperId: ids[3], memberId: 'x', on: true, at: 1 })
    setVote(doc, { paperId: ids[2], memberId: 'x', on: true, at: 2 })
    setVote(doc, { paperId: ids[1], memberId: 'x', on: true, at: 3 })
    setVote(doc, { paperId: ids[1], memberId: 'y', on: true, at: 4 })
    // x's vote on B is over budget, so B, C and D have one counted vote each and B is the oldest.
    expect(nextUp(doc)).toMatchObject({ votes: 1, paper: { id: ids[1] } })
    setVoteBudget(doc, null)
    expect(nextUp(doc)).toMatchObject({ votes: 2, paper: { id: ids[1] } })
  })

  test('a bad budget is rejected and writes nothing', () => {
    const [doc] = makeReplicas(1)
    for (const bad of [0, -1, 1.5, Number.NaN, 1e9]) expect(() => setVoteBudget(doc!, bad)).toThrow(InvalidInputError)
    expect(doc!.share.size).toBe(0)
  })
})
