import { createRoot, createSignal } from 'solid-js'
import { expect, test } from 'vitest'
import * as Y from 'yjs'
import { EMPTY_QUERY, applyListQuery } from '../../src/doc/listQuery.js'
import type { ListQuery } from '../../src/doc/listQuery.js'
import { addPaper, editPaper, setVote } from '../../src/doc/ops.js'
import { createFindIndex } from '../../src/reactive/createFindIndex.js'
import { createFoundIds } from '../../src/reactive/createFoundIds.js'
import { createListView } from '../../src/reactive/createListView.js'

test('the found ids follow typing, deleting, votes, edits and filters as a fresh pass over every paper would', () => {
  const doc = new Y.Doc()
  const titles = ['Deep problem 4321', 'Problem 43 revisited', 'An easy problem', 'Problem 4321 again', 'Nothing here', 'Problems of 432']
  const ids = titles.map((title, at) => addPaper(doc, { title }, 'me', 10 + at).id)
  createRoot((dispose) => {
    const view = createListView(doc, 'me')
    const find = createFindIndex(doc, 'me')
    const [query, setQuery] = createSignal<ListQuery>(EMPTY_QUERY)
    const found = createFoundIds(view.queue, query, find)
    const fresh = () => applyListQuery(view.queue(), query(), find.entry, find.facts)
    const show = (text: string, over: Partial<ListQuery> = {}) => {
      setQuery({ ...EMPTY_QUERY, text, ...over })
      expect(found()).toEqual(fresh())
      return found()
    }
    expect(found()).toBe(view.queue())
    const typed = 'problem 4321'
    for (let at = 1; at <= typed.length; at++) show(typed.slice(0, at))
    expect(show(typed)).toEqual([ids[0], ids[3]])
    // a vote reorders the list: the result follows it
    setVote(doc, { paperId: ids[3]!, memberId: 'peer', on: true })
    expect(show(typed)).toEqual([ids[3], ids[0]])
    // deleting letter by letter widens it again
    for (let at = typed.length - 1; at >= 1; at--) show(typed.slice(0, at))
    expect(show('problem 43')).toEqual([ids[3], ids[0], ids[1], ids[5]])
    // an edit changes what matches, even for a query seen before
    editPaper(doc, ids[4]!, { title: 'Nothing but problem 4321' })
    expect(show('problem 4321')).toContain(ids[4])
    // my vote changes what a filter shows
    expect(show('problem', { filters: ['mine'] })).toEqual([])
    setVote(doc, { paperId: ids[2]!, memberId: 'me', on: true })
    expect(show('problem', { filters: ['mine'] })).toEqual([ids[2]])
    expect(show('problem', { sort: 'recent' })[0]).toBe(ids[5])
    setQuery(EMPTY_QUERY)
    expect(found()).toBe(view.queue())
    dispose()
  })
})
