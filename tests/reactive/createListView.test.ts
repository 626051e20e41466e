import { createEffect, createRoot } from 'solid-js'
import { expect, test } from 'vitest'
import * as Y from 'yjs'
import { addPaper, deletePaper, restorePaper, setStatus, setVote } from '../../src/doc/ops.js'
import { nextUp, rankQueue } from '../../src/doc/queries.js'
import { papersOf, votesOf } from '../../src/doc/schema.js'
import { createListView } from '../../src/reactive/createListView.js'
import { setVoteBudget } from '../../src/doc/club/settings.js'

const tick = () => new Promise((resolve) => setTimeout(resolve, 0))

test('the view ranks like the document queries and follows votes, deletes and restores', async () => {
  const doc = new Y.Doc()
  const a = addPaper(doc, { title: 'A' }, 'm1', 1).id
  const b = addPaper(doc, { title: 'B' }, 'm1', 2).id
  const c = addPaper(doc, { title: 'C' }, 'm1', 3).id
  await createRoot(async (dispose) => {
    const view = createListView(doc, 'me')
    expect(view.queue()).toEqual([a, b, c])
    setVote(doc, c, 'me', true)
    setVote(doc, c, 'm2', true)
    setVote(doc, b, 'm2', true)
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
    setVote(doc, ids[40]!, 'm2', true)
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
  setVote(doc, id, 'me', true)
  expect(votesOf(doc).size).toBe(1)
  expect(view.votes(id)).toBe(0)
})

test('under a vote budget the view counts and ranks like the document (earliest votes count)', async () => {
  const doc = new Y.Doc()
  const a = addPaper(doc, { title: 'A' }, 'm1', 1).id
  const b = addPaper(doc, { title: 'B' }, 'm1', 2).id
  const c = addPaper(doc, { title: 'C' }, 'm1', 3).id
  await createRoot(async (dispose) => {
    const view = createListView(doc, 'me')
    // 'me' voted on three papers (two devices offline), then the list adopts a budget of 1.
    setVote(doc, c, 'me', true, 10)
    setVote(doc, b, 'me', true, 20)
    setVote(doc, a, 'me', true, 30)
    setVote(doc, b, 'm2', true, 40)
    expect(view.votes(b)).toBe(2)
    setVoteBudget(doc, 1)
    expect(view.votes(c)).toBe(1)
    expect(view.votes(a)).toBe(0)
    expect(view.votes(b)).toBe(1)
    expect(view.queue()).toEqual(rankQueue(doc).map((row) => row.paper.id))
    expect(view.queue()).toEqual([b, c, a]) // a tie at one vote: the older paper first
    // Withdrawing the earliest vote lets the next one count.
    setVote(doc, c, 'me', false)
    expect(view.votes(b)).toBe(2)
    expect(view.queue()).toEqual(rankQueue(doc).map((row) => row.paper.id))
    setVoteBudget(doc, null)
    expect(view.votes(a)).toBe(1)
    dispose()
  })
})
