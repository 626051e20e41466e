import { cleanup, render } from '@solidjs/testing-library'
import { afterEach, expect, test } from 'vitest'
import * as Y from 'yjs'
import { addPaper, setVote } from '../../src/doc/ops.js'
import { createListView } from '../../src/reactive/createListView.js'
import type { ListSession } from '../../src/sync/session.js'
import { PaperList } from '../../src/ui/components/PaperList.js'
import { ROW_ESTIMATE, visibleRange } from '../../src/ui/components/VirtualPaperList.js'
import { ShortlistProvider } from '../../src/ui/ShortlistContext.js'
import { ClubProvider } from '../../src/ui/club/ClubProvider.js'

afterEach(cleanup)

const identity = { memberId: 'me', name: 'Ada', colour: '#1971c2' }

test('the visible range covers the viewport with a margin and stays inside the list', () => {
  const top = visibleRange(10_000, 0, 800)
  expect(top.start).toBe(0)
  expect(top.end).toBeGreaterThanOrEqual(Math.ceil(800 / 48))
  expect(top.end).toBeLessThan(60)
  const middle = visibleRange(10_000, 5_000 * ROW_ESTIMATE, 800)
  expect(middle.start).toBeLessThan(5_000)
  expect(middle.start).toBeGreaterThan(4_980)
  expect(middle.end).toBeGreaterThan(5_000 + 800 / ROW_ESTIMATE)
  const bottom = visibleRange(10_000, 10_000 * ROW_ESTIMATE - 800, 800)
  expect(bottom.end).toBe(10_000)
  expect(visibleRange(10, 1e9, 800)).toEqual({ start: 4, end: 10 })
  expect(visibleRange(0, -50, -1)).toEqual({ start: 0, end: 0 })
})

test('a long list renders only the first rows, and a vote moves a row without rendering the others again', () => {
  const doc = new Y.Doc()
  const ids = Array.from({ length: 500 }, (_, i) => addPaper(doc, { title: `Paper ${String(i).padStart(3, '0')}` }, 'm1', 1_000 + i).id)
  const session = { doc, listId: 'AAAAAAAAAAAAAAAAAAAAAA' } as unknown as ListSession
  const { container } = render(() => {
    const view = createListView(doc, identity.memberId)
    return (
      <ShortlistProvider value={{ session, view, identity, readOnly: false, members: () => new Map() }}>
        <ClubProvider>
          <PaperList ids={view.queue()} label="Ranked papers" empty="none" />
        </ClubProvider>
      </ShortlistProvider>
    )
  })
  const list = container.querySelector('ol[aria-label="Ranked papers"]') as HTMLOListElement
  const rows = () => [...list.querySelectorAll('article.paper-row')] as HTMLElement[]
  const titles = () => rows().map((row) => row.querySelector('.paper-title')!.textContent)
  expect(rows().length).toBeGreaterThan(5)
  expect(rows().length).toBeLessThan(60)
  expect(titles()[0]).toBe('Paper 000')
  expect(list.style.paddingBottom).toBe(`${(500 - rows().length) * ROW_ESTIMATE}px`)
  expect(list.querySelector('li')!.getAttribute('aria-setsize')).toBe('500')

  const second = rows()[1]!
  setVote(doc, { paperId: ids[300]!, memberId: 'm2', on: true })
  expect(titles()[0]).toBe('Paper 300')
  expect(titles()[1]).toBe('Paper 000')
  // the row of "Paper 001" is the same element, now third
  expect(rows()[2]).toBe(second)
  expect(list.querySelectorAll('li')[2]!.getAttribute('aria-posinset')).toBe('3')
})
