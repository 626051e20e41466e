import { createEffect, createRoot } from 'solid-js'
import type { PaperId } from '../../src/doc/ids.js'
import { expect, test } from 'vitest'
import * as Y from 'yjs'
import { addPaper, deletePaper, restorePaper, setStatus, setVote } from '../../src/doc/ops.js'
import { listDeletedPapers, listDiscussed, nextUp, rankQueue } from '../../src/doc/queries.js'
import { papersOf, votesOf } from '../../src/doc/schema.js'
import { createListView } from '../../src/reactive/createListView.js'
import { setVoteBudget } from '../../src/doc/club/settings.js'

const tick = () => new Promise((resolve) => setTimeout(resolve, 0))

/** A list with papers A, B, C added in that order by another member. */
function threePapers() {
  const doc = new Y.Doc()
  const [a, b, c] = ['A', 'B', 'C'].map((title, i) => addPaper(doc, { title }, 'm1', i + 1).id)
  return { doc, a: a!, b: b!, c: c! }
}

test('the view ranks like the document queries and follows votes, deletes and restores', async () => {
  const { doc, a, b, c } = threePapers()
  await createRoot(async (dispose) => {
    const view = createListView(doc, 'me')
    expect(view.queue()).toEqual([a, b, c])
    setVote(doc, { paperId: c, memberId: 'me', on: true })
    setVote(doc, { paperId: c, memberId: 'm2', on: true })
    setVote(doc, { paperId: b, memberId: 'm2', on: true })
    expect(view.queue()).toEqual(rankQueue(doc).map((row) => row.paper.id))
    expect(view.queue()).toEqual([c, b, a])
    expect(view.nextUp()).toBe(nextUp(doc)!.paper.id)
    expect(view.votes(c)).toBe(2)
    expect(view.myVote(c)).toBe(true)
    expect(view.myVote(b)).toBe(false)

    deletePaper(doc, c)
    expect(view.queue()).toEqual([b, a])
    expect(view.deleted()).toEqual([c])
    restorePaper(doc, c)
    expect(view.queue()[0]).toBe(c)
    setStatus(doc, c, 'discussed', { discussedOn: '2024-05-01' })
    expect(view.discussed()).toEqual([c])
    expect(view.nextUp()).toBe(b)
    dispose()
  })
})

test('a change to one paper re-runs only that paper\'s readers, and a title edit does not re-rank', async () => {
  const doc = new Y.Doc()
  const ids = Array.from({ length: 50 }, (_, i) => addPaper(doc, { title: `Paper ${i}` }, 'm1', i).id)
  await createRoot(async (dispose) => {
    const view = createListView(doc, 'me')
    const runs = new Map<string, number>()
    for (const id of ids) {
      createEffect(() => {
        view.paper(id)?.title
        runs.set(id, (runs.get(id) ?? 0) + 1)
      })
    }
    let rankings = 0
    createEffect(() => {
      view.queue()
      rankings++
    })
    await tick()
    const before = new Map(runs)
    const rankingsBefore = rankings
    papersOf(doc).set(`title|${ids[7]}`, 'Renamed')
    await tick()
    expect(view.paper(ids[7]!)?.title).toBe('Renamed')
    for (const id of ids) expect(runs.get(id)).toBe((before.get(id) ?? 0) + (id === ids[7] ? 1 : 0))
    expect(rankings).toBe(rankingsBefore)
    setVote(doc, { paperId: ids[40]!, memberId: 'm2', on: true })
    await tick()
    expect(view.queue()[0]).toBe(ids[40])
    dispose()
  })
})

test('disposing the owner stops observing the document', () => {
  const doc = new Y.Doc()
  const id = addPaper(doc, { title: 'A' }, 'm1', 1).id
  let view!: ReturnType<typeof createListView>
  createRoot((dispose) => {
    view = createListView(doc, 'me')
    dispose()
  })
  setVote(doc, { paperId: id, memberId: 'me', on: true })
  expect(votesOf(doc).size).toBe(1)
  expect(view.votes(id)).toBe(0)
})

test('under a vote budget the view counts and ranks like the document (earliest votes count)', async () => {
  const { doc, a, b, c } = threePapers()
  await createRoot(async (dispose) => {
    const view = createListView(doc, 'me')
    // 'me' voted on three papers (two devices offline), then the list adopts a budget of 1.
    setVote(doc, { paperId: c, memberId: 'me', on: true, at: 10 })
    setVote(doc, { paperId: b, memberId: 'me', on: true, at: 20 })
    setVote(doc, { paperId: a, memberId: 'me', on: true, at: 30 })
    setVote(doc, { paperId: b, memberId: 'm2', on: true, at: 40 })
    expect(view.votes(b)).toBe(2)
    setVoteBudget(doc, 1)
    expect(view.votes(c)).toBe(1)
    expect(view.votes(a)).toBe(0)
    expect(view.votes(b)).toBe(1)
    expect(view.queue()).toEqual(rankQueue(doc).map((row) => row.paper.id))
    expect(view.queue()).toEqual([b, c, a]) // a tie at one vote: the older paper first
    // Withdrawing the earliest vote lets the next one count.
    setVote(doc, { paperId: c, memberId: 'me', on: false })
    expect(view.votes(b)).toBe(2)
    expect(view.queue()).toEqual(rankQueue(doc).map((row) => row.paper.id))
    setVoteBudget(doc, null)
    expect(view.votes(a)).toBe(1)
    dispose()
  })
})

/** A small seeded generator, so a failing sequence can be replayed. */
function seeded(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0
    return state / 2 ** 32
  }
}

test('moving papers one vote at a time ranks exactly like ranking the document again', async () => {
  const doc = new Y.Doc()
  const ids = Array.from({ length: 120 }, (_, i) => addPaper(doc, { title: `Paper ${i}` }, 'm1', 1_000 + (i % 17)).id)
  const random = seeded(7)
  const pick = () => ids[Math.floor(random() * ids.length)]!
  await createRoot(async (dispose) => {
    const view = createListView(doc, 'me')
    for (let step = 0; step < 400; step++) {
      const roll = random()
      const id = pick()
      if (roll < 0.7) setVote(doc, { paperId: id, memberId: `m${Math.floor(random() * 6)}`, on: random() < 0.7 })
      else if (roll < 0.8) deletePaper(doc, id)
      else if (roll < 0.9) restorePaper(doc, id)
      else if (roll < 0.95) setStatus(doc, id, 'discussed', { discussedOn: `2024-05-${String(1 + (step % 28)).padStart(2, '0')}` })
      else setStatus(doc, id, 'queued')
      expect(view.queue(), `after step ${step}`).toEqual(rankQueue(doc).map((row) => row.paper.id))
    }
    // many votes in one transaction rank everything again, with the same result
    doc.transact(() => {
      for (const id of ids) setVote(doc, { paperId: id, memberId: 'bulk', on: true })
      for (const id of ids.slice(0, 30)) setVote(doc, { paperId: id, memberId: 'bulk2', on: true })
    })
    expect(view.queue()).toEqual(rankQueue(doc).map((row) => row.paper.id))
    expect(view.discussed()).toEqual(listDiscussed(doc).map((paper) => paper.id))
    expect(view.deleted()).toEqual(listDeletedPapers(doc).map((paper) => paper.id))
    dispose()
  })
})

test('a vote re-ranks the queue but leaves the discussed and deleted lists alone', async () => {
  const doc = new Y.Doc()
  const ids = Array.from({ length: 20 }, (_, i) => addPaper(doc, { title: `Paper ${i}` }, 'm1', i).id)
  deletePaper(doc, ids[3]!, 100)
  setStatus(doc, ids[4]!, 'discussed', { discussedOn: '2024-05-01' })
  await createRoot(async (dispose) => {
    const view = createListView(doc, 'me')
    let otherLists = 0
    createEffect(() => {
      view.discussed()
      view.deleted()
      otherLists++
    })
    await tick()
    const before = otherLists
    setVote(doc, { paperId: ids[10]!, memberId: 'me', on: true })
    await tick()
    expect(view.queue()[0]).toBe(ids[10])
    expect(otherLists).toBe(before)
    deletePaper(doc, ids[10]!, 200)
    await tick()
    expect(view.deleted()).toEqual([ids[10], ids[3]])
    expect(view.queue()).not.toContain(ids[10])
    dispose()
  })
})

test('a paper is read in full only when asked for, and a read after an edit sees the edit', async () => {
  const doc = new Y.Doc()
  const id = addPaper(doc, { title: 'Before', authors: ['Ada'] }, 'm1', 1).id
  await createRoot(async (dispose) => {
    const view = createListView(doc, 'me')
    const first = view.paper(id)
    expect(first?.title).toBe('Before')
    expect(view.paper(id)).toBe(first)
    papersOf(doc).set(`title|${id}`, 'After')
    expect(view.paper(id)?.title).toBe('After')
    expect(view.paper(id)?.authors).toEqual(['Ada'])
    expect(view.paper('doi:10.1/absent' as PaperId)).toBeUndefined()
    dispose()
  })
})
