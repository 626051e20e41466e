import { createRoot } from 'solid-js'
import { expect, test } from 'vitest'
import * as Y from 'yjs'
import { addMeeting } from '../../src/doc/club/schedule.js'
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
