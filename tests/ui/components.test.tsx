import { fireEvent, render, screen } from '@solidjs/testing-library'
import { createRoot } from 'solid-js'
import { afterEach, expect, test } from 'vitest'
import { cleanup } from '@solidjs/testing-library'
import * as Y from 'yjs'
import type { PaperId } from '../../src/doc/ids.js'
import { addPaper, setVote } from '../../src/doc/ops.js'
import { hasVoted } from '../../src/doc/queries.js'
import { paperKey, papersOf } from '../../src/doc/schema.js'
import { createListView } from '../../src/reactive/createListView.js'
import type { ListSession } from '../../src/sync/session.js'
import { NextUpCard } from '../../src/ui/components/NextUpCard.js'
import { PaperList } from '../../src/ui/components/PaperList.js'
import { SyncBadge, unsyncedLabel } from '../../src/ui/components/SyncBadge.js'
import { ShortlistProvider } from '../../src/ui/ShortlistContext.js'
import { ClubProvider } from '../../src/ui/club/ClubProvider.js'

afterEach(cleanup)

const identity = { memberId: 'me', name: 'Ada', colour: '#1971c2' }

function renderList(doc: Y.Doc, ui: () => import('solid-js').JSX.Element, readOnly = false) {
  const session = { doc, listId: 'AAAAAAAAAAAAAAAAAAAAAA' } as unknown as ListSession
  return render(() => {
    const view = createListView(doc, identity.memberId)
    return <ShortlistProvider value={{ session, view, identity, readOnly, members: () => new Map() }}><ClubProvider>{ui()}</ClubProvider></ShortlistProvider>
  })
}

test('the sync badge says what state it is in and how many changes the relay lacks', () => {
  expect(unsyncedLabel(0)).toBe('Not yet on the relay')
  expect(unsyncedLabel(1)).toBe('1 change not yet on the relay')
  expect(unsyncedLabel(3)).toBe('3 changes not yet on the relay')
  const { unmount } = render(() => <SyncBadge connection="offline" unsynced={true} pending={2} />)
  expect(screen.getByRole('status').textContent).toBe('Offline — changes kept on this device2 changes not yet on the relay')
  unmount()
  const tooLarge = render(() => <SyncBadge connection="offline" unsynced={true} pending={1} stopped="too-large" />)
  expect(screen.getByRole('status').textContent).toContain('This change is too large for the relay')
  expect(screen.getByRole('status').textContent).toContain('It is kept on this device')
  expect(screen.getByRole('status').dataset.stopped).toBe('too-large')
  tooLarge.unmount()
  render(() => <SyncBadge connection="synced" unsynced={false} pending={0} />)
  expect(screen.getByRole('status').textContent).toBe('Synced')
  expect(screen.getByRole('status').dataset.state).toBe('synced')
})

test('peer text renders as text and only http(s) links become links', () => {
  const doc = new Y.Doc()
  const id = 'title:x' as PaperId
  createRoot(() => {
    const papers = papersOf(doc)
    papers.set(paperKey('title', id), '<img src=x onerror=alert(1)>')
    papers.set(paperKey('url', id), 'javascript:alert(1)')
    papers.set(paperKey('pdfUrl', id), 'https://example.org/x.pdf')
    papers.set(paperKey('addedAt', id), 1)
  })
  const { container } = renderList(doc, () => <PaperList ids={[id]} label="Ranked papers" empty="none" />)
  expect(container.querySelector('.paper-title')!.textContent).toBe('<img src=x onerror=alert(1)>')
  expect(container.querySelector('img')).toBeNull()
  const links = [...container.querySelectorAll('.links a')] as HTMLAnchorElement[]
  expect(links.map((link) => link.textContent)).toEqual(['PDF'])
  expect(links[0]!.rel).toBe('noopener noreferrer')
})

test('the vote button toggles my vote and the next-up card follows the ranking: no votes, a leader, a tie and its rule', async () => {
  const doc = new Y.Doc()
  const first = addPaper(doc, { title: 'First' }, 'm1', 1).id
  const second = addPaper(doc, { title: 'Second', published: '2024-01-02' }, 'm1', 2).id
  renderList(doc, () => (
    <>
      <NextUpCard />
      <PaperList ids={[first, second]} label="Ranked papers" empty="none" />
    </>
  ))
  // no votes: no paper is recommended, voting is invited
  expect(screen.getByTestId('vote-standing').textContent).toBe('No votes yet. Vote ▲ on the papers below.')
  const vote = screen.getByRole('button', { name: /Vote for Second/ })
  expect(vote.getAttribute('aria-pressed')).toBe('false')
  // the name starts with what the button shows (its count), then says what a tap does
  expect(vote.getAttribute('aria-label')).toBe('0 votes. Vote for Second')
  fireEvent.click(vote)
  expect(vote.getAttribute('aria-label')).toBe('1 vote. Remove my vote for Second')
  expect(hasVoted(doc, { paperId: second, memberId: 'me' })).toBe(true)
  expect(vote.getAttribute('aria-pressed')).toBe('true')
  expect(vote.textContent).toContain('1')
  expect(screen.getByTestId('vote-standing').textContent).toBe('Second · 1 vote')
  expect(screen.queryByTestId('tie-line')).toBeNull()
  // a peer's vote ties them: the earlier add leads, and the card says why
  setVote(doc, { paperId: first, memberId: 'm2', on: true })
  expect(screen.getByTestId('vote-standing').textContent).toContain('First · 1 vote')
  expect(screen.getByTestId('tie-line').textContent).toBe('Tied with ‘Second’; first because it was added first.')
})

test('a paper added by id alone says its details are pending; a read-only member cannot vote', () => {
  const doc = new Y.Doc()
  const { id } = addPaper(doc, { arxivId: '1706.03762' }, 'm1')
  renderList(doc, () => <PaperList ids={[id]} label="Ranked papers" empty="none" />, true)
  expect(screen.getByText('details pending')).toBeTruthy()
  expect((screen.getByRole('button', { name: /vote for/i }) as HTMLButtonElement).disabled).toBe(true)
})

test('a paper with nothing to open offers title searches; one with a link does not', async () => {
  const { SearchLinks } = await import('../../src/ui/components/PaperLinks.js')
  const { toPaper } = await import('../../src/doc/schema.js')
  const pasted = toPaper('title:some-paper' as PaperId, (name) => ({ title: 'Some Paper', addedAt: 1, codeUrl: 'https://github.com/a/b' })[name])
  const { unmount } = render(() => <SearchLinks paper={pasted} />)
  expect(screen.getAllByRole('link').map((link) => link.getAttribute('href'))).toEqual([
    'https://arxiv.org/search/?searchtype=title&query=Some%20Paper',
    'https://www.semanticscholar.org/search?q=Some%20Paper',
    'https://scholar.google.com/scholar?q=Some%20Paper',
  ])
  unmount()
  const linked = toPaper('arxiv:2106.09685' as PaperId, (name) => ({ title: 'LoRA', addedAt: 1, arxivId: '2106.09685', url: 'https://arxiv.org/abs/2106.09685' })[name])
  render(() => <SearchLinks paper={linked} />)
  expect(screen.queryAllByRole('link')).toEqual([])
})
