import { screen, waitFor } from '@solidjs/testing-library'
import { beforeEach, expect, test } from 'vitest'
import { addComment, addPaper, setNoteText, setStatus, toggleVote } from '../../src/doc/ops.js'
import { ActivityView } from '../../src/ui/club/ActivityView.js'
import { ArchiveView } from '../../src/ui/club/ArchiveView.js'
import { ClubNav } from '../../src/ui/club/ClubNav.js'
import { lastLookedAt, markLooked } from '../../src/ui/club/lastLooked.js'
import { dateLabel } from '../../src/ui/club/format.js'
import { LIST_ID, renderClub, useFreshClubDocs } from './clubTestKit.js'

beforeEach(() => localStorage.clear())
const freshDoc = useFreshClubDocs()

test('the archive lists discussed papers newest first with date, presenter, note and comments; peer text stays text', () => {
  const doc = freshDoc()
  const older = addPaper(doc, { title: 'Older' }, 'ada').id
  const newer = addPaper(doc, { title: '<img src=x onerror=alert(1)>' }, 'bo').id
  addPaper(doc, { title: 'Still queued' }, 'bo')
  setStatus(doc, older, 'discussed', { discussedOn: '2026-01-08', presenter: 'ada' })
  setStatus(doc, newer, 'discussed', { discussedOn: '2026-02-05', presenter: 'bo' })
  setNoteText(doc, newer, 'Key idea: <script>x</script>\nsecond line')
  addComment(doc, { paperId: newer, by: 'ada', text: 'good one' })
  addComment(doc, { paperId: newer, by: 'bo', text: 'agreed' })
  const { container } = renderClub(doc, () => <ArchiveView />)
  const entries = [...container.querySelectorAll('.archive-entry')] as HTMLElement[]
  expect(entries.map((entry) => entry.querySelector('.paper-title')!.textContent)).toEqual(['<img src=x onerror=alert(1)>', 'Older'])
  expect(container.querySelector('img, script')).toBeNull()
  expect(entries[0]!.querySelector('.archive-date')!.textContent).toBe(dateLabel('2026-02-05'))
  expect(entries[0]!.querySelector('.archive-presenter')!.textContent).toBe('Presented by Bo')
  expect(entries[0]!.textContent).toContain('2 comments')
  expect(entries[0]!.querySelector('.archive-note')!.textContent).toBe('Key idea: <script>x</script>\nsecond line')
  expect(entries[1]!.textContent).toContain('Presented by Ada')
  expect(entries[1]!.textContent).toContain('0 comments')
  expect(entries[0]!.querySelector('a')!.getAttribute('href')).toBe(`/l/${LIST_ID}?paper=${encodeURIComponent(newer)}`)
  expect(dateLabel('2026-02-05')).toMatch(/5/)
})

test('others\' changes after my last look raise the unread badge; opening the feed marks them new and clears it', async () => {
  const doc = freshDoc()
  const start = Date.now() - 60_000
  markLooked(LIST_ID, start)
  addPaper(doc, { title: 'Mine' }, 'ada', start + 1000)
  const theirs = addPaper(doc, { title: 'Theirs' }, 'bo', start + 2000).id
  toggleVote(doc, { paperId: theirs, memberId: 'bo', at: start + 3000 })
  addPaper(doc, { title: 'Before I looked' }, 'bo', start - 5000)
  const { unmount } = renderClub(doc, () => <ClubNav current={null} />)
  // the count starts after the first paint
  await waitFor(() => expect(screen.getByTestId('unread-count').textContent).toBe('2'))
  expect(screen.getByRole('link', { name: /Papers/ }).getAttribute('aria-current')).toBe('page')
  addComment(doc, { paperId: theirs, by: 'bo', text: 'read this first' })
  await waitFor(() => expect(screen.getByTestId('unread-count').textContent).toBe('3'), { timeout: 3000 })
  unmount()

  renderClub(doc, () => (
    <>
      <ClubNav current="activity" />
      <ActivityView />
    </>
  ))
  expect(screen.queryByTestId('unread-count')).toBeNull()
  expect(lastLookedAt(LIST_ID)()).toBeGreaterThan(start)
  expect(screen.getByRole('status').textContent).toBe('3 new since you last looked')
  const items = [...document.querySelectorAll('.activity-item')] as HTMLElement[]
  expect(items.map((item) => item.textContent!.replace(/\s+/g, ' ').replace(/(just now|\d+ \w+ ago)$/, '').trim())).toEqual([
    'Bo commented on Theirs',
    'Bo voted for Theirs',
    'Bo added Theirs',
    'You added Mine',
    'Bo added Before I looked',
  ])
  expect(items.map((item) => item.classList.contains('new'))).toEqual([true, true, true, false, false])
  expect(items[0]!.querySelector('a')!.getAttribute('href')).toBe(`/l/${LIST_ID}?paper=${encodeURIComponent(theirs)}`)
})

test('a device that never looked starts counting from its first visit', () => {
  const doc = freshDoc()
  addPaper(doc, { title: 'Old news' }, 'bo', Date.now() - 10_000)
  const listId = 'BBBBBBBBBBBBBBBBBBBBBB'
  renderClub(doc, () => <ClubNav current={null} />, { listId })
  expect(screen.queryByTestId('unread-count')).toBeNull()
  expect(Number(localStorage.getItem(`shortlist.lastLooked.${listId}`))).toBeGreaterThan(Date.now() - 5000)
})

test('an import shows as one expandable line, "Bo added 78 papers", that lists the papers when opened', async () => {
  const doc = freshDoc()
  const { importPapers } = await import('../../src/doc/importPapers.js')
  importPapers(doc, Array.from({ length: 78 }, (_, n) => ({ title: `Imported ${String(n).padStart(2, '0')}` })), 'bo', Date.now() - 60_000)
  addPaper(doc, { title: 'Mine' }, 'ada', Date.now() - 1_000)
  renderClub(doc, () => <ActivityView />)
  const items = [...document.querySelectorAll('.activity-list > li')] as HTMLElement[]
  expect(items).toHaveLength(2)
  expect(items[0]!.textContent).toMatch(/^You added Mine/)
  expect(items[1]!.querySelector('.activity-group-head')!.textContent).toBe('Bo added 78 papers1 minute ago')
  const toggle = screen.getByRole('button', { name: 'Show 78' })
  expect(toggle.getAttribute('aria-expanded')).toBe('false')
  expect(items[1]!.querySelectorAll('.activity-group-items li')).toHaveLength(0)
  toggle.click()
  await waitFor(() => expect(items[1]!.querySelectorAll('.activity-group-items li')).toHaveLength(78))
  expect(toggle.getAttribute('aria-expanded')).toBe('true')
  expect(toggle.textContent).toBe('Hide 78')
  expect(items[1]!.querySelector('.activity-group-items a')!.textContent).toMatch(/^Imported \d\d$/)
  // the feed is re-derived after a change; the open line stays open and keeps its element (and focus)
  toggle.focus()
  addPaper(doc, { title: 'Later' }, 'bo')
  await waitFor(() => expect(document.querySelectorAll('.activity-list > li')).toHaveLength(3), { timeout: 3000 })
  expect(document.activeElement).toBe(toggle)
  expect(toggle.getAttribute('aria-expanded')).toBe('true')
})
