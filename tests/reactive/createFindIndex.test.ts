import { createRoot } from 'solid-js'
import { expect, test } from 'vitest'
import * as Y from 'yjs'
import { EMPTY_QUERY, applyListQuery } from '../../src/doc/listQuery.js'
import type { ListQuery } from '../../src/doc/listQuery.js'
import { addPaper, editPaper, setReading, setVote } from '../../src/doc/ops.js'
import { noteOf } from '../../src/doc/schema.js'
import { createFindIndex } from '../../src/reactive/createFindIndex.js'

test('find entries follow edits, notes, my votes and reading, and stop on dispose', () => {
  const doc = new Y.Doc()
  const a = addPaper(doc, { title: 'Attention is all you need' }, 'me', 1).id
  const b = addPaper(doc, { title: 'Denoising diffusion' }, 'me', 2).id
  createRoot((dispose) => {
    const find = createFindIndex(doc, 'me')
    const run = (over: Partial<ListQuery>) => applyListQuery([a, b], { ...EMPTY_QUERY, ...over }, find.entry, find.facts)
    expect(run({ text: 'diffusion' })).toEqual([b])

    const before = find.version()
    editPaper(doc, a, { title: 'Diffusion transformers' })
    expect(find.version()).toBeGreaterThan(before)
    expect(run({ text: 'diffusion' })).toEqual([a, b])

    noteOf(doc, b).insert(0, 'Bring the slides')
    expect(run({ text: 'slides' })).toEqual([b])

    setVote(doc, { paperId: b, memberId: 'me', on: true })
    setVote(doc, { paperId: a, memberId: 'peer', on: true })
    expect(run({ filters: ['mine'] })).toEqual([b])
    expect(run({ filters: ['notMine'] })).toEqual([a])

    setReading(doc, { paperId: a, memberId: 'me', state: 'read' })
    setReading(doc, { paperId: a, memberId: 'peer', state: 'read' })
    setReading(doc, { paperId: b, memberId: 'peer', state: 'read' })
    expect(run({ filters: ['unreadByMe'] })).toEqual([b])
    expect(run({ sort: 'mostRead' })).toEqual([a, b])
    expect(find.facts(a)).toEqual({ votedByMe: false, readByMe: true, readCount: 2 })

    // a root this build does not know drops every entry: nothing stale is shown
    const seen = find.version()
    doc.getMap('fromANewerBuild').set('x', 1)
    expect(find.version()).toBeGreaterThan(seen)
    expect(run({ text: 'slides' })).toEqual([b])

    dispose()
    const after = find.version()
    editPaper(doc, b, { title: 'Something else' })
    expect(find.version()).toBe(after)
  })
})

test('after warming every paper has its entry, and reading a paper without a note creates no note in the document', async () => {
  const doc = new Y.Doc()
  const ids = doc.transact(() => Array.from({ length: 1_000 }, (_, i) => addPaper(doc, { title: `Paper ${i}` }, 'me', i).id))
  await createRoot(async (dispose) => {
    const find = createFindIndex(doc, 'me')
    find.warm()
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(ids.filter((id) => find.entry(id)).length).toBe(1_000)
    expect(find.entry(ids[7]!)?.text).toContain('paper 7')
    expect([...doc.share.keys()].some((name) => name.startsWith('note|'))).toBe(false)
    dispose()
  })
})
