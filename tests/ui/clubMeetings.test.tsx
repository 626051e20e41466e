import { fireEvent, screen, waitFor, within } from '@solidjs/testing-library'
import { afterEach, expect, test, vi } from 'vitest'
import { listArchive } from '../../src/doc/club/archive.js'
import { isAway, presenterOf } from '../../src/doc/club/rotation.js'
import { meetingIdFor } from '../../src/doc/club/schema.js'
import { readClubSettings, setSchedule } from '../../src/doc/club/settings.js'
import { weekdayOf } from '../../src/doc/club/time.js'
import { addPaper, toggleVote } from '../../src/doc/ops.js'
import { readPaper } from '../../src/doc/queries.js'
import { MeetingsView } from '../../src/ui/club/MeetingsView.js'
import { fileNameFor } from '../../src/ui/download.js'
import { scheduleLine } from '../../src/ui/club/ScheduleForm.js'
import { renderClub, useFreshClubDocs, utcDates } from './clubTestKit.js'

const freshDoc = useFreshClubDocs()
afterEach(() => vi.restoreAllMocks())

test('setting up a weekly schedule in a chosen zone lists the upcoming meetings', async () => {
  const doc = freshDoc()
  const { today, tomorrow, weekdayTomorrow } = utcDates()
  renderClub(doc, () => <MeetingsView />)
  expect(screen.getByText(/No meetings planned/)).toBeTruthy()
  const form = screen.getByRole('form', { name: 'Recurring meeting' })
  fireEvent.change(within(form).getByLabelText('On'), { target: { value: String(weekdayTomorrow) } })
  fireEvent.input(within(form).getByLabelText('At'), { target: { value: '18:30' } })
  fireEvent.input(within(form).getByLabelText('Starting'), { target: { value: today } })
  fireEvent.input(within(form).getByLabelText('Time zone'), { target: { value: 'UTC' } })
  fireEvent.change(within(form).getByLabelText('Voting closes'), { target: { value: '1440' } })
  fireEvent.submit(form)

  const settings = readClubSettings(doc)
  expect(settings.timeZone).toBe('UTC')
  expect(settings.schedule).toMatchObject({ startDate: tomorrow, time: '18:30', everyWeeks: 1, deadlineMinutesBefore: 1440 })
  expect(screen.getByTestId('schedule-line').textContent).toBe(scheduleLine(settings.schedule!))
  expect(screen.getByTestId('schedule-line').textContent).toMatch(/^Weekly on \w+day at 18:30 · voting closes 1 day before$/)
  const items = await screen.findAllByRole('article')
  expect(items.length).toBe(6)
  expect(items[0]!.dataset.meeting).toBe(tomorrow)
  expect(weekdayOf(items[1]!.dataset.meeting!)).toBe(weekdayTomorrow)
  expect(items[0]!.textContent).toContain('Voting open until')
})

test('an unknown time zone is refused with a message and nothing is saved', () => {
  const doc = freshDoc()
  renderClub(doc, () => <MeetingsView />)
  const form = screen.getByRole('form', { name: 'Recurring meeting' })
  fireEvent.input(within(form).getByLabelText('Time zone'), { target: { value: 'Mars/Olympus' } })
  fireEvent.submit(form)
  expect(screen.getByRole('alert').textContent).toContain('Mars/Olympus')
  expect(readClubSettings(doc).schedule).toBeNull()
})

test('a meeting is closed by hand, its presenter overridden, then marked held: the paper leaves the queue for the archive', async () => {
  const doc = freshDoc()
  const { today, tomorrow, weekdayTomorrow } = utcDates()
  const winner = addPaper(doc, { title: 'Winner' }, 'ada', Date.now() - 5000).id
  addPaper(doc, { title: 'Runner-up' }, 'ada', Date.now() - 4000)
  toggleVote(doc, { paperId: winner, memberId: 'bo' })
  setSchedule(doc, { weekday: weekdayTomorrow, time: '16:00', from: today }, 'ada')
  renderClub(doc, () => <MeetingsView />)
  const first = () => screen.getAllByRole('article')[0]!
  expect(first().dataset.meeting).toBe(tomorrow)
  expect(first().textContent).toContain('Voting open until someone closes it')

  fireEvent.click(within(first()).getByRole('button', { name: 'Close voting' }))
  await waitFor(() => expect(first().dataset.state).toBe('closed'))
  expect(within(first()).getByRole('link', { name: 'Winner' })).toBeTruthy()

  fireEvent.click(within(first()).getByRole('button', { name: 'I’m away' }))
  expect(isAway(doc, 'ada', tomorrow)).toBe(true)
  // Ada is away, so the rotation suggests Bo, marked inside the one list and selected; Ada overrides it with herself anyway
  const picker = () => within(first()).getByLabelText('Presenter') as HTMLSelectElement
  await waitFor(() => expect([...picker().options].map((option) => option.textContent)).toEqual(['Ada', 'Bo (suggested)']))
  expect(picker().selectedOptions[0]!.textContent).toBe('Bo (suggested)')
  fireEvent.change(picker(), { target: { value: 'ada' } })
  expect(presenterOf(doc, meetingIdFor(tomorrow))).toBe('ada')
  await waitFor(() => expect([...picker().options].map((option) => option.textContent)).toEqual(['Ada', 'Bo']))

  fireEvent.click(within(first()).getByRole('button', { name: 'Mark held' }))
  expect(readPaper(doc, winner)).toMatchObject({ status: 'discussed', discussedOn: tomorrow, presenter: 'ada' })
  expect(listArchive(doc).map((entry) => entry.paper.title)).toEqual(['Winner'])
  // a held meeting leaves "Upcoming" for "Past"
  const past = await screen.findByRole('list', { name: 'Past meetings' })
  await waitFor(() => expect(within(past).getByRole('article').dataset.state).toBe('held'))
  expect(within(past).getByRole('article').dataset.meeting).toBe(tomorrow)
  expect(within(screen.getByRole('list', { name: 'Upcoming meetings' })).queryByText('Held')).toBeNull()
})

test('a date of the schedule can be skipped and restored, and a one-off meeting added', async () => {
  const doc = freshDoc()
  const { today, tomorrow, weekdayTomorrow } = utcDates()
  setSchedule(doc, { weekday: weekdayTomorrow, time: '16:00', from: today }, 'ada')
  renderClub(doc, () => <MeetingsView />)
  fireEvent.click(within(screen.getAllByRole('article')[0]!).getByRole('button', { name: 'Skip' }))
  await waitFor(() => expect(screen.getAllByRole('article')[0]!.dataset.state).toBe('cancelled'))
  fireEvent.click(within(screen.getAllByRole('article')[0]!).getByRole('button', { name: 'Restore' }))
  await waitFor(() => expect(screen.getAllByRole('article')[0]!.dataset.state).toBe('scheduled'))

  const oneOff = screen.getByRole('form', { name: 'One-off meeting' })
  const date = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10)
  fireEvent.input(within(oneOff).getByLabelText('Date'), { target: { value: date } })
  fireEvent.input(within(oneOff).getByLabelText('At'), { target: { value: '09:15' } })
  fireEvent.submit(oneOff)
  await waitFor(() => expect(screen.getAllByRole('article').map((item) => item.dataset.meeting)).toContain(date))
  expect(screen.getAllByRole('article')[0]!.dataset.meeting).toBe(tomorrow)

  const skip = screen.getByRole('form', { name: 'Skip a date' })
  fireEvent.input(within(skip).getByLabelText('Skip the meeting on'), { target: { value: tomorrow } })
  fireEvent.submit(skip)
  await waitFor(() => expect(screen.getAllByRole('article')[0]!.dataset.state).toBe('cancelled'))
})

test('the deadline form takes focus when it opens; Escape and Save give it back to Deadline', async () => {
  const doc = freshDoc()
  const { today, weekdayTomorrow } = utcDates()
  setSchedule(doc, { weekday: weekdayTomorrow, time: '16:00', from: today }, 'ada')
  renderClub(doc, () => <MeetingsView />)
  const meeting = screen.getAllByRole('article')[0]!
  const toggle = within(meeting).getByRole('button', { name: 'Deadline' })
  fireEvent.click(toggle)
  const input = await within(meeting).findByLabelText(/Voting closes/)
  await waitFor(() => expect(document.activeElement).toBe(input))
  fireEvent.keyDown(input, { key: 'Escape' })
  await waitFor(() => expect(within(meeting).queryByLabelText(/Voting closes/)).toBeNull())
  expect(document.activeElement).toBe(toggle)

  fireEvent.click(toggle)
  const again = await within(meeting).findByLabelText(/Voting closes/)
  await waitFor(() => expect(document.activeElement).toBe(again))
  fireEvent.input(again, { target: { value: '' } })
  fireEvent.submit(again.closest('form')!)
  await waitFor(() => expect(within(meeting).queryByLabelText(/Voting closes/)).toBeNull())
  expect(document.activeElement).toBe(toggle)
  expect(meeting.textContent).toContain('Voting open until someone closes it')
})

test('the vote budget is set and cleared from the voting settings', () => {
  const doc = freshDoc()
  renderClub(doc, () => <MeetingsView />)
  const form = screen.getByRole('form', { name: 'Vote budget' })
  fireEvent.input(within(form).getByLabelText(/Votes per member/), { target: { value: '3' } })
  fireEvent.submit(form)
  expect(readClubSettings(doc).voteBudget).toBe(3)
  expect(screen.getByTestId('budget-line').textContent).toContain('3 votes at a time')
  fireEvent.input(within(form).getByLabelText(/Votes per member/), { target: { value: '' } })
  fireEvent.submit(form)
  expect(readClubSettings(doc).voteBudget).toBeNull()
})

test('Download .ics saves an iCalendar file named after the list', async () => {
  const doc = freshDoc()
  const { today, weekdayTomorrow } = utcDates()
  setSchedule(doc, { weekday: weekdayTomorrow, time: '16:00', from: today }, 'ada')
  doc.getMap('meta').set('name', 'Journal club: vision/LLMs')
  let saved: Blob | undefined
  const createObjectURL = vi.fn((blob: Blob) => {
    saved = blob
    return 'blob:calendar'
  })
  Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() })
  let downloadName = ''
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    downloadName = this.download
  })
  renderClub(doc, () => <MeetingsView />)
  fireEvent.click(screen.getByRole('button', { name: 'Download .ics' }))
  expect(downloadName).toBe('Journal-club-vision-LLMs.ics')
  expect(saved!.type).toBe('text/calendar;charset=utf-8')
  const text = await saved!.text()
  expect(text.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true)
  expect(text.match(/BEGIN:VEVENT/g)!.length).toBeGreaterThanOrEqual(50)
  expect(text).toContain('X-WR-CALNAME:Journal club: vision/LLMs')
  expect(fileNameFor('   ', '.ics')).toBe('shortlist.ics')
})

test('a read-only member sees meetings but no controls', () => {
  const doc = freshDoc()
  const { today, weekdayTomorrow } = utcDates()
  setSchedule(doc, { weekday: weekdayTomorrow, time: '16:00', from: today }, 'ada')
  renderClub(doc, () => <MeetingsView />, { readOnly: true })
  expect(screen.getAllByRole('article').length).toBe(6)
  expect(screen.queryByRole('button', { name: 'Close voting' })).toBeNull()
  expect(screen.queryByRole('form', { name: 'Recurring meeting' })).toBeNull()
  expect(screen.queryByLabelText('Presenter')).toBeNull()
})

test('Close voting, Skip and Mark held each offer Undo in the toast, which puts the meeting back', async () => {
  const { Toasts } = await import('../../src/ui/components/Toasts.js')
  const doc = freshDoc()
  const { today, weekdayTomorrow } = utcDates()
  addPaper(doc, { title: 'Top paper' }, 'ada', Date.now() - 5000)
  setSchedule(doc, { weekday: weekdayTomorrow, time: '16:00', from: today }, 'ada')
  renderClub(doc, () => <><MeetingsView /><Toasts /></>)
  const first = () => within(screen.getByRole('list', { name: 'Upcoming meetings' })).getAllByRole('article')[0]!
  const undoIn = async (text: RegExp) => {
    const toast = (await screen.findByText(text)).closest('.toast') as HTMLElement
    fireEvent.click(within(toast).getByRole('button', { name: 'Undo' }))
  }

  fireEvent.click(within(first()).getByRole('button', { name: 'Close voting' }))
  await waitFor(() => expect(first().dataset.state).toBe('closed'))
  await undoIn(/^Voting closed: “Top paper”\.$/)
  await waitFor(() => expect(first().dataset.state).toBe('scheduled'))
  await screen.findByText('Voting is open again.')

  fireEvent.click(within(first()).getByRole('button', { name: 'Skip' }))
  await waitFor(() => expect(first().dataset.state).toBe('cancelled'))
  await undoIn(/^Skipped /)
  await waitFor(() => expect(first().dataset.state).toBe('scheduled'))
  await screen.findByText('The meeting is back on.')

  fireEvent.click(within(first()).getByRole('button', { name: 'Close voting' }))
  await waitFor(() => expect(first().dataset.state).toBe('closed'))
  const meetingDate = first().dataset.meeting!
  fireEvent.click(within(first()).getByRole('button', { name: 'Mark held' }))
  await waitFor(() => expect(screen.getByRole('list', { name: 'Past meetings' })).toBeTruthy())
  await undoIn(/^Held: “Top paper” is in the archive\.$/)
  await waitFor(() => expect(first().dataset.meeting).toBe(meetingDate))
  expect(first().dataset.state).toBe('closed')
  expect(screen.queryByRole('list', { name: 'Past meetings' })).toBeNull()
  expect(listArchive(doc)).toEqual([])
})

test('with nobody suggested and nobody set, the picker leads with "Nobody yet"; no member is listed twice', async () => {
  const { presenterChoices } = await import('../../src/ui/club/presenterChoices.js')
  const members = [{ id: 'bo', name: 'Bo', colour: '', joinedAt: 0 }, { id: 'ada', name: 'Ada', colour: '', joinedAt: 0 }]
  expect(presenterChoices(members, { presenter: null, suggestedPresenter: null })).toEqual({
    options: [{ value: '', label: 'Nobody yet' }, { value: 'ada', label: 'Ada' }, { value: 'bo', label: 'Bo' }], selected: '',
  })
  expect(presenterChoices(members, { presenter: null, suggestedPresenter: 'bo' })).toEqual({
    options: [{ value: 'ada', label: 'Ada' }, { value: 'bo', label: 'Bo (suggested)' }], selected: 'bo',
  })
  expect(presenterChoices(members, { presenter: 'ada', suggestedPresenter: 'ada' })).toEqual({
    options: [{ value: 'ada', label: 'Ada' }, { value: 'bo', label: 'Bo' }], selected: 'ada',
  })
  expect(presenterChoices(members, { presenter: 'gone', suggestedPresenter: 'gone' }).options[0]).toEqual({ value: 'gone', label: 'Someone' })
})
