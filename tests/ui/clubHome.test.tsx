import { fireEvent, screen } from '@solidjs/testing-library'
import { expect, test } from 'vitest'
import { closeMeeting, meetingCloses } from '../../src/doc/club/meetings.js'
import { presenterOf } from '../../src/doc/club/rotation.js'
import { meetingIdFor } from '../../src/doc/club/schema.js'
import { setSchedule, setVoteBudget } from '../../src/doc/club/settings.js'
import { addPaper, setReading, toggleVote } from '../../src/doc/ops.js'
import { hasVoted, readingState } from '../../src/doc/queries.js'
import { PaperList } from '../../src/ui/components/PaperList.js'
import { NextMeetingCard } from '../../src/ui/club/NextMeetingCard.js'
import { VoteBudgetNote } from '../../src/ui/club/voting.js'
import { bo, renderClub, useFreshClubDocs, utcDates } from './clubTestKit.js'

const freshDoc = useFreshClubDocs()

test('with no meeting planned the home offers to plan one, and readers see nothing', () => {
  const doc = freshDoc()
  const { unmount } = renderClub(doc, () => <NextMeetingCard />)
  expect(screen.getByTestId('next-meeting').textContent).toContain('No meeting planned')
  expect(screen.getByRole('link', { name: 'Plan meetings' }).getAttribute('href')).toBe('/l/AAAAAAAAAAAAAAAAAAAAAA?view=meetings')
  unmount()
  renderClub(doc, () => <NextMeetingCard />, { readOnly: true })
  expect(screen.queryByTestId('next-meeting')).toBeNull()
})

test('the next meeting shows its time, "voting open until", then the chosen paper, presenter and who has read it', async () => {
  const doc = freshDoc()
  const { today, weekdayTomorrow, tomorrow } = utcDates()
  const paper = addPaper(doc, { title: '<b>Attention</b> is all you need' }, 'ada', Date.now() - 1000).id
  setSchedule(doc, { weekday: weekdayTomorrow, time: '16:00', from: today, deadlineMinutesBefore: 60 }, 'ada')
  renderClub(doc, () => <NextMeetingCard />)
  const card = screen.getByTestId('next-meeting')
  expect(card.querySelector('time')!.getAttribute('datetime')).toBe(`${tomorrow}T16:00:00.000Z`)
  expect(card.textContent).toContain('Voting open until')
  expect(card.textContent).toContain('leading: <b>Attention</b> is all you need')
  expect(card.querySelector('b')).toBeNull()

  const meetingId = meetingIdFor(tomorrow)
  closeMeeting(doc, meetingId, Date.now(), 'bo')
  await screen.findByRole('link', { name: '<b>Attention</b> is all you need' })
  expect(card.textContent).not.toContain('Voting open')
  // rotation: nobody presented yet, so the smaller member id is suggested
  const select = screen.getByLabelText('Presenter') as HTMLSelectElement
  expect(select.options[0]!.textContent).toBe('Ada (suggested)')
  fireEvent.change(select, { target: { value: bo.memberId } })
  expect(presenterOf(doc, meetingId)).toBe('bo')

  expect(screen.getByTestId('reading-line').textContent).toBe('0 of 2 have read it')
  setReading(doc, { paperId: paper, memberId: 'bo', state: 'read' })
  expect(screen.getByTestId('reading-line').textContent).toBe('1 of 2 has read it · Bo')
  fireEvent.click(screen.getByRole('button', { name: 'Reading' }))
  expect(readingState(doc, { paperId: paper, memberId: 'ada' })).toBe('reading')
  expect(screen.getByTestId('reading-line').textContent).toBe('1 of 2 has read it · Bo · reading: Ada')
  expect(screen.getByRole('button', { name: 'Reading' }).getAttribute('aria-pressed')).toBe('true')
})

test('each queued paper shows why it ranks there, and a vote budget disables voting beyond it', () => {
  const doc = freshDoc()
  const day = 86_400_000
  const first = addPaper(doc, { title: 'First' }, 'bo', Date.now() - 22 * day).id
  const second = addPaper(doc, { title: 'Second' }, 'bo', Date.now() - 2 * day).id
  toggleVote(doc, { paperId: first, memberId: 'bo' })
  setVoteBudget(doc, 1)
  renderClub(doc, () => (
    <>
      <VoteBudgetNote />
      <PaperList ids={[first, second]} label="Ranked papers" empty="none" />
    </>
  ))
  const reasons = [...document.querySelectorAll('.rank-reason')].map((node) => node.textContent)
  expect(reasons).toEqual(['1 vote · added 3 weeks ago', '0 votes · added 2 days ago'])
  expect(screen.getByTestId('votes-left').textContent).toBe('1 vote left of 1')

  fireEvent.click(screen.getByRole('button', { name: /vote for Second/ }))
  expect(hasVoted(doc, { paperId: second, memberId: 'ada' })).toBe(true)
  expect(screen.getByTestId('votes-left').textContent).toContain('No votes left')
  expect((screen.getByRole('button', { name: /vote for First/ }) as HTMLButtonElement).disabled).toBe(true)
  // taking my vote back stays possible, and frees the vote
  const mine = screen.getByRole('button', { name: /remove my vote for Second/ }) as HTMLButtonElement
  expect(mine.disabled).toBe(false)
  fireEvent.click(mine)
  expect((screen.getByRole('button', { name: /vote for First/ }) as HTMLButtonElement).disabled).toBe(false)
  expect(screen.getByTestId('votes-left').textContent).toBe('1 vote left of 1')
})

test('without a budget there is no votes-left line and every queued paper can be voted for', () => {
  const doc = freshDoc()
  const one = addPaper(doc, { title: 'One' }, 'bo').id
  const two = addPaper(doc, { title: 'Two' }, 'bo').id
  renderClub(doc, () => (
    <>
      <VoteBudgetNote />
      <PaperList ids={[one, two]} label="Ranked papers" empty="none" />
    </>
  ))
  fireEvent.click(screen.getByRole('button', { name: /vote for One/ }))
  expect(screen.queryByTestId('votes-left')).toBeNull()
  expect((screen.getByRole('button', { name: /vote for Two/ }) as HTMLButtonElement).disabled).toBe(false)
})

test('votes over the budget (cast offline, or a budget lowered) are said not to count', () => {
  const doc = freshDoc()
  const ids = ['One', 'Two', 'Three'].map((title) => addPaper(doc, { title }, 'bo').id)
  for (const id of ids) toggleVote(doc, { paperId: id, memberId: 'ada' })
  setVoteBudget(doc, 2)
  renderClub(doc, () => <VoteBudgetNote />)
  expect(screen.getByTestId('votes-left').textContent).toBe('No votes left (each member has 2): take a vote back to vote for another paper. 1 of your votes does not count: only your earliest 2 count.')
  toggleVote(doc, { paperId: ids[0]!, memberId: 'ada' })
  expect(screen.getByTestId('votes-left').textContent).not.toContain('does not count')
})

test('opening the list writes down a meeting whose deadline passed, on a writer\'s device only', () => {
  const doc = freshDoc()
  const { today, tomorrow, weekdayTomorrow } = utcDates()
  const paper = addPaper(doc, { title: 'Chosen' }, 'bo', Date.now() - 5 * 86_400_000).id
  setSchedule(doc, { weekday: weekdayTomorrow, time: '23:59', from: today, deadlineMinutesBefore: 24 * 60 + 24 * 60 }, 'ada')
  const meetingId = meetingIdFor(tomorrow)
  // the budget note reads the club view on every device, so the reader's view is made too
  const reader = renderClub(doc, () => <VoteBudgetNote />, { readOnly: true })
  expect(meetingCloses(doc, meetingId)).toEqual([])
  reader.unmount()
  renderClub(doc, () => <VoteBudgetNote />)
  expect(meetingCloses(doc, meetingId)).toMatchObject([{ paper: paper, by: 'ada' }])
})
