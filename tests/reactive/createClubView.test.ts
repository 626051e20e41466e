import { createRoot } from 'solid-js'
import { expect, test } from 'vitest'
import * as Y from 'yjs'
import { addMeeting } from '../../src/doc/club/schedule.js'
import { meetingCloses, setDeadline } from '../../src/doc/club/meetings.js'
import { addPaper, setVote } from '../../src/doc/ops.js'
import { clearSchedule, setSchedule } from '../../src/doc/club/settings.js'
import { createClubView } from '../../src/reactive/createClubView.js'

const DAY_MS = 86_400_000
const dateIn = (days: number): string => new Date(Date.now() + days * DAY_MS).toISOString().slice(0, 10)

test('the next meeting is null with no schedule and no meeting added, and follows one added by hand or a schedule', async () => {
  const doc = new Y.Doc()
  await createRoot(async (dispose) => {
    const club = createClubView(doc, 'ada')
    expect(club.nextMeeting()).toBeNull()

    const id = addMeeting(doc, { date: dateIn(3), time: '15:00' }, 'ada')
    expect(club.nextMeeting()?.id).toBe(id)

    const other = new Y.Doc()
    const scheduled = createClubView(other, 'ada')
    expect(scheduled.nextMeeting()).toBeNull()
    setSchedule(other, { weekday: new Date(Date.now() + 2 * DAY_MS).getUTCDay(), time: '16:00', from: dateIn(0) }, 'ada')
    expect(scheduled.nextMeeting()?.id).toMatch(/^m:\d{4}-\d{2}-\d{2}$/)
    clearSchedule(other)
    expect(scheduled.nextMeeting()).toBeNull()
    dispose()
  })
})

test('a writer\'s club view writes down a meeting whose deadline passed when the list opens, and one whose deadline passes while open', async () => {
  const doc = new Y.Doc()
  const papers = ['A', 'B'].map((title, i) => addPaper(doc, { title }, 'bo', i + 1).id)
  setVote(doc, { paperId: papers[1]!, memberId: 'bo', on: true, at: Date.now() - 60_000 })
  const past = addMeeting(doc, { date: dateIn(2), time: '10:00' }, 'ada')
  setDeadline(doc, past, Date.now() - 1_000)
  const soon = addMeeting(doc, { date: dateIn(4), time: '10:00' }, 'ada')
  setDeadline(doc, soon, Date.now() + 400)
  const reader = new Y.Doc()
  Y.applyUpdate(reader, Y.encodeStateAsUpdate(doc))

  await createRoot(async (dispose) => {
    createClubView(reader, 'cy') // a read-only device never writes
    createClubView(doc, 'ada', { closeDueMeetings: true })
    await until(() => meetingCloses(doc, past).length === 1)
    expect(meetingCloses(doc, past)[0]).toMatchObject({ paper: papers[1], by: 'ada' })
    expect(meetingCloses(doc, soon)).toEqual([])
    await until(() => meetingCloses(doc, soon).length === 1)
    expect(meetingCloses(doc, soon)[0]).toMatchObject({ paper: papers[0], by: 'ada' })
    expect(meetingCloses(reader, past)).toEqual([])
    dispose()
  })
})

/** Waits until `check` holds, polling every 20 ms, for at most 5 s. */
async function until(check: () => boolean): Promise<void> {
  const end = Date.now() + 5_000
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
