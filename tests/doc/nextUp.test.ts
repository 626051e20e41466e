import { describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import type { PaperId } from '../../src/doc/ids.js'
import { MAX_TIED_SCANNED, nextUpStanding, tieBreakText } from '../../src/doc/nextUp.js'
import { addPaper, setVote } from '../../src/doc/ops.js'
import { rankQueue } from '../../src/doc/queries.js'
import type { RankKey } from '../../src/doc/queries.js'

const key = (id: string, votes: number, addedAt: number): RankKey => ({ id: id as PaperId, votes, addedAt })
const ranked = (doc: Y.Doc): RankKey[] => rankQueue(doc).map(({ paper, votes }) => key(paper.id, votes, paper.addedAt))

describe('next up', () => {
  test('an empty queue has nothing next', () => {
    expect(nextUpStanding([])).toEqual({ kind: 'empty' })
  })

  test('with no votes at all no paper is recommended', () => {
    const doc = new Y.Doc()
    addPaper(doc, { title: 'Alpha' }, 'm1', 1)
    addPaper(doc, { title: 'Beta' }, 'm1', 2)
    expect(nextUpStanding(ranked(doc))).toEqual({ kind: 'noVotes', queued: 2 })
  })

  test('a clear leader is not tied', () => {
    const doc = new Y.Doc()
    const a = addPaper(doc, { title: 'Alpha' }, 'm1', 1).id
    const b = addPaper(doc, { title: 'Beta' }, 'm1', 2).id
    setVote(doc, { paperId: b, memberId: 'm1', on: true })
    setVote(doc, { paperId: b, memberId: 'm2', on: true })
    setVote(doc, { paperId: a, memberId: 'm3', on: true })
    expect(nextUpStanding(ranked(doc))).toEqual({ kind: 'leading', id: b, votes: 2, tiedWith: [], moreTied: false, tieBreak: null })
  })

  test('a tie names the tied papers and says the earlier add won', () => {
    const doc = new Y.Doc()
    const a = addPaper(doc, { title: 'Alpha' }, 'm1', 5).id
    const b = addPaper(doc, { title: 'Beta' }, 'm1', 3).id
    const c = addPaper(doc, { title: 'Gamma' }, 'm1', 4).id
    addPaper(doc, { title: 'Delta' }, 'm1', 1)
    for (const id of [a, b, c]) setVote(doc, { paperId: id, memberId: 'm1', on: true })
    const standing = nextUpStanding(ranked(doc))
    expect(standing).toEqual({ kind: 'leading', id: b, votes: 1, tiedWith: [c, a], moreTied: false, tieBreak: 'addedEarlier' })
    expect(tieBreakText('addedEarlier')).toBe('it was added first')
  })

  test('added at the same moment, the identifier breaks the tie', () => {
    const standing = nextUpStanding([key('arxiv:1', 2, 7), key('arxiv:2', 2, 7)])
    expect(standing).toMatchObject({ kind: 'leading', id: 'arxiv:1', tiedWith: ['arxiv:2'], tieBreak: 'idOrder' })
  })

  test('a huge tie is bounded: it names at most MAX_TIED_SCANNED and says there are more', () => {
    const many = Array.from({ length: 500 }, (_, i) => key(`p${String(i).padStart(3, '0')}`, 1, i))
    const standing = nextUpStanding(many)
    expect(standing.kind === 'leading' && standing.tiedWith.length).toBe(MAX_TIED_SCANNED)
    expect(standing.kind === 'leading' && standing.moreTied).toBe(true)
    const exact = nextUpStanding(many.slice(0, MAX_TIED_SCANNED + 1))
    expect(exact.kind === 'leading' && exact.moreTied).toBe(false)
  })
})
