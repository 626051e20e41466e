import { describe, expect, test } from 'vitest'
import { addPaper, setReading, setStatus, InvalidInputError } from '../../../src/doc/index.js'
import { awayOn, isAway, markHeld, readingLine, readingSummary, setAway, setPresenter, setSchedule, setTimeZone, suggestPresenter } from '../../../src/doc/club/index.js'
import { addMembers, makeReplicas, syncAll, utc } from './replicas.js'

function club() {
  const docs = makeReplicas(3)
  setTimeZone(docs[0]!, 'UTC')
  setSchedule(docs[0]!, { weekday: 4, time: '16:00', from: '2026-03-01' })
  addMembers(docs[0]!, ['ann', 'bob', 'cy', 'dee'])
  for (const title of ['A', 'B', 'C', 'D', 'E']) addPaper(docs[0]!, { title }, 'ann', 1)
  syncAll(docs)
  return docs
}

describe('presenter rotation', () => {
  test('never presented first, then oldest presentation, ties by member id', () => {
    const [doc] = club()
    expect(suggestPresenter(doc!, 'm:2026-03-05')).toBe('ann')
    markHeld(doc!, 'm:2026-03-05', utc('2026-03-05T17:00:00Z'))
    expect(suggestPresenter(doc!, 'm:2026-03-12')).toBe('bob')
    setPresenter(doc!, { meetingId: 'm:2026-03-12', memberId: 'dee' })
    markHeld(doc!, 'm:2026-03-12', utc('2026-03-12T17:00:00Z'))
    expect(suggestPresenter(doc!, 'm:2026-03-19')).toBe('bob')
    markHeld(doc!, 'm:2026-03-19', utc('2026-03-19T17:00:00Z'))
    markHeld(doc!, 'm:2026-03-26', utc('2026-03-26T17:00:00Z'))
    expect(suggestPresenter(doc!, 'm:2026-04-02')).toBe('ann')
    // Presentations after the meeting's date do not count for it.
    expect(suggestPresenter(doc!, 'm:2026-03-05')).toBe('ann')
  })

  test('papers marked discussed by hand with a presenter count as presentations', () => {
    const [doc] = club()
    const { id } = addPaper(doc!, { title: 'Old one' }, 'ann', 1)
    setStatus(doc!, id, 'discussed', { discussedOn: '2026-01-01', presenter: 'ann' })
    expect(suggestPresenter(doc!, 'm:2026-03-05')).toBe('bob')
  })

  test('members away that date are skipped, on every replica after merging', () => {
    const docs = club()
    setAway(docs[1]!, 'ann', '2026-03-05', true)
    setAway(docs[2]!, 'bob', '2026-03-05', true)
    expect(suggestPresenter(docs[0]!, 'm:2026-03-05')).toBe('ann')
    syncAll(docs)
    for (const doc of docs) {
      expect(suggestPresenter(doc, 'm:2026-03-05')).toBe('cy')
      expect(suggestPresenter(doc, 'm:2026-03-12')).toBe('ann')
      expect(awayOn(doc, '2026-03-05')).toEqual(['ann', 'bob'])
    }
    setAway(docs[0]!, 'ann', '2026-03-05', false)
    expect(isAway(docs[0]!, 'ann', '2026-03-05')).toBe(false)
    for (const member of ['ann', 'bob', 'cy', 'dee']) setAway(docs[0]!, member, '2026-03-19', true)
    expect(suggestPresenter(docs[0]!, 'm:2026-03-19')).toBeNull()
    expect(() => setAway(docs[0]!, 'ann', 'soon', true)).toThrow(InvalidInputError)
  })

  test('concurrent presenter overrides converge on one', () => {
    const docs = club()
    setPresenter(docs[0]!, { meetingId: 'm:2026-03-05', memberId: 'bob' })
    setPresenter(docs[1]!, { meetingId: 'm:2026-03-05', memberId: 'cy' })
    syncAll(docs)
    const chosen = docs.map((doc) => suggestPresenter(doc, 'm:2026-03-12'))
    expect(new Set(chosen).size).toBe(1)
    setPresenter(docs[0]!, { meetingId: 'm:2026-03-06', memberId: 'bob' })
    expect(suggestPresenter(docs[0]!, 'm:2026-03-12')).toBe(chosen[0])
  })
})

describe('reading before the meeting', () => {
  test('"2 of 4 have read it", merged from members reading on their own devices', () => {
    const docs = club()
    const paper = addPaper(docs[0]!, { title: 'A' }, 'ann').id
    setReading(docs[0]!, { paperId: paper, memberId: 'ann', state: 'read' })
    setReading(docs[1]!, { paperId: paper, memberId: 'bob', state: 'reading' })
    setReading(docs[2]!, { paperId: paper, memberId: 'cy', state: 'read' })
    syncAll(docs)
    for (const doc of docs) {
      const summary = readingSummary(doc, paper)
      expect(summary).toEqual({ read: ['ann', 'cy'], reading: ['bob'], total: 4 })
      expect(readingLine(summary)).toBe('2 of 4 have read it')
    }
  })
})
