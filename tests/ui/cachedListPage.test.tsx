import { cleanup, fireEvent, render, screen } from '@solidjs/testing-library'
import { afterEach, expect, test } from 'vitest'
import type { PaperId } from '../../src/doc/ids.js'
import { CACHED_VIEW_VERSION } from '../../src/sync/cachedView.js'
import type { CachedView } from '../../src/sync/cachedView.js'
import { createVoteIntents } from '../../src/sync/voteIntents.js'
import { CachedListPage } from '../../src/ui/pages/CachedListPage.js'

afterEach(cleanup)

const row = (id: string, votes: number, voted = false) => ({
  id, title: `Paper ${id}`, authors: 'Ada Lovelace', published: '2024', pending: false,
  url: 'https://example.org/a', pdfUrl: 'javascript:alert(1)', codeUrl: '', reason: `${votes} votes · added 3 weeks ago`, votes, voted,
})

const view: CachedView = {
  version: CACHED_VIEW_VERSION, listId: 'AAAAAAAAAAAAAAAAAAAAAA', savedAt: 1, name: 'Journal club', label: 'Ranked papers', query: '', queued: 3,
  nextUp: { id: 'a', title: 'Paper a', authors: 'Ada Lovelace', votes: 3 },
  layout: { width: 390, listTop: 600, nextUpTop: 150 },
  rows: [row('a', 3), row('b', 2, true), row('c', 0)],
}

test('the cached page shows the name, next up and the rows; a tap is kept as an intent and shown at once', () => {
  const intents = createVoteIntents()
  let take: (() => { ids: readonly PaperId[] }) | null = null
  render(() => <CachedListPage view={view} listId={view.listId} readOnly={false} intents={intents} onHandover={(handover) => (take = handover)} />)
  expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Journal club')
  expect(screen.getByTestId('next-up').textContent).toContain('Paper a')
  expect(screen.getAllByRole('heading', { level: 3 }).map((title) => title.textContent)).toEqual(['Paper a', 'Paper b', 'Paper c'])
  // only http(s) links become links
  expect(screen.getAllByRole('link', { name: 'Paper' }).length).toBe(3)
  expect(screen.queryByRole('link', { name: 'PDF' })).toBeNull()

  fireEvent.click(screen.getByRole('button', { name: /^0 votes. Vote for Paper c$/ }))
  expect(intents.wanted('c' as PaperId)).toBe(true)
  expect(screen.getByRole('button', { name: /^1 vote. Remove my vote for Paper c$/ }).getAttribute('aria-pressed')).toBe('true')
  // my vote from the cached view, taken back
  fireEvent.click(screen.getByRole('button', { name: /^2 votes. Remove my vote for Paper b$/ }))
  expect(intents.wanted('b' as PaperId)).toBe(false)
  expect(screen.getByRole('button', { name: /^1 vote. Vote for Paper b$/ })).toBeTruthy()
  expect(take!().ids).toEqual(['a', 'b', 'c'])
})

test('a read-only link cannot vote on the cached page', () => {
  const intents = createVoteIntents()
  render(() => <CachedListPage view={view} listId={view.listId} readOnly={true} intents={intents} onHandover={() => undefined} />)
  for (const button of screen.getAllByRole('button', { name: /vote for/i })) expect((button as HTMLButtonElement).disabled).toBe(true)
})
