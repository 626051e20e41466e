import { describe, expect, test } from 'vitest'
import { addPaper, upsertMember } from '../../src/doc/index.js'
import { closeMeeting, setPresenter, setSchedule, setTimeZone, skipDate, upcomingMeetings } from '../../src/doc/club/index.js'
import { escapeIcsText, foldIcsLine, meetingsToIcs } from '../../src/io/ics.js'
import * as Y from 'yjs'

/** A small iCalendar reader: unfolds lines, splits name;params:value, unescapes TEXT. */
function parseIcs(text: string) {
  const unfolded = text.replace(/\r\n[ \t]/g, '')
  const lines = unfolded.split('\r\n')
  expect(lines.pop()).toBe('')
  const components: { name: string; props: Map<string, { params: string; value: string }[]> }[] = []
  const stack: typeof components = []
  for (const line of lines) {
    const match = /^([A-Z0-9-]+)((?:;[^:]*)?):(.*)$/.exec(line)
    expect(match, `unparseable line: ${line}`).not.toBeNull()
    const [, name, params, value] = match!
    if (name === 'BEGIN') stack.push({ name: value!, props: new Map() })
    else if (name === 'END') {
      const done = stack.pop()!
      expect(done.name).toBe(value)
      components.push(done)
    } else {
      const props = stack[stack.length - 1]!.props
      props.set(name!, [...(props.get(name!) ?? []), { params: params!, value: value! }])
    }
  }
  expect(stack).toEqual([])
  return components
}

const unescape = (value: string): string => value.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c))

function calendar() {
  const doc = new Y.Doc()
  setTimeZone(doc, 'Europe/Berlin')
  setSchedule(doc, { weekday: 4, time: '16:00', from: '2026-03-19' })
  upsertMember(doc, { id: 'm1', name: 'Zoë Ünal', colour: '#000000' })
  const long = 'Attention, Is; All\\You Need? Ünïcödé ✓ '.repeat(4).trim()
  const good = addPaper(doc, { title: long, url: 'https://example.org/paper?a=1' }, 'm1', 1).id
  addPaper(doc, { title: 'Second', url: 'http://example.org/b' }, 'm1', 2)
  closeMeeting(doc, 'm:2026-03-26', 100)
  setPresenter(doc, { meetingId: 'm:2026-03-26', memberId: 'm1' })
  skipDate(doc, '2026-04-02')
  const meetings = upcomingMeetings(doc, { now: Date.parse('2026-03-20T00:00:00Z'), count: 3, includeCancelled: true })
  const ics = meetingsToIcs(meetings, { id: 'abcDEF123_-abcDEF123_-', name: 'Journal, club; Berlin', timeZone: 'Europe/Berlin' }, {
    now: Date.parse('2026-03-20T08:00:00Z'), memberNames: { m1: 'Zoë Ünal' }, listUrl: 'https://shortlist.example/l/abc',
  })
  return { ics, long, good }
}

describe('iCalendar export', () => {
  test('CRLF line ends and every physical line at most 75 octets, folds never split a character', () => {
    const { ics } = calendar()
    expect(ics.endsWith('\r\n')).toBe(true)
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/)
    const physical = ics.split('\r\n').slice(0, -1)
    for (const line of physical) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75)
    expect(physical.some((line) => line.startsWith(' '))).toBe(true)
    expect(ics).not.toContain('\uFFFD')
  })

  test('required properties, UTC times across the DST change, stable UIDs', () => {
    const { ics } = calendar()
    const components = parseIcs(ics)
    const cal = components.find((c) => c.name === 'VCALENDAR')!
    expect(cal.props.get('VERSION')![0]!.value).toBe('2.0')
    expect(cal.props.get('PRODID')![0]!.value).toMatch(/^-\/\/Shortlist\/\//)
    const events = components.filter((c) => c.name === 'VEVENT')
    expect(events).toHaveLength(3)
    for (const event of events) for (const prop of ['UID', 'DTSTAMP', 'DTSTART', 'DTEND', 'SUMMARY']) expect(event.props.has(prop)).toBe(true)
    expect(events.map((e) => e.props.get('DTSTART')![0]!.value)).toEqual(['20260326T150000Z', '20260402T140000Z', '20260409T140000Z'])
    expect(events[0]!.props.get('DTEND')![0]!.value).toBe('20260326T160000Z')
    expect(events[0]!.props.get('DTSTAMP')![0]!.value).toBe('20260320T080000Z')
    expect(events.map((e) => e.props.get('UID')![0]!.value)).toEqual([
      '2026-03-26.abcDEF123_-abcDEF123_-@shortlist', '2026-04-02.abcDEF123_-abcDEF123_-@shortlist', '2026-04-09.abcDEF123_-abcDEF123_-@shortlist',
    ])
    expect(events[1]!.props.get('STATUS')![0]!.value).toBe('CANCELLED')
    expect(calendar().ics).toBe(ics)
  })

  test('TEXT values are escaped and read back exactly; URL only for http(s)', () => {
    const { ics, long } = calendar()
    const [first, second] = parseIcs(ics).filter((c) => c.name === 'VEVENT')
    const summary = first!.props.get('SUMMARY')![0]!.value
    expect(summary).toContain('Journal\\, club\\; Berlin')
    expect(unescape(summary)).toBe(`Journal, club; Berlin: ${long}`)
    const description = unescape(first!.props.get('DESCRIPTION')![0]!.value)
    expect(description.split('\n')).toEqual([
      `Paper: ${long}`, 'https://example.org/paper?a=1', 'Presenter: Zoë Ünal', 'Local time: 2026-03-26 16:00 (Europe/Berlin)', 'List: https://shortlist.example/l/abc',
    ])
    expect(first!.props.get('URL')![0]!.value).toBe('https://example.org/paper?a=1')
    expect(unescape(second!.props.get('SUMMARY')![0]!.value)).toBe('Journal, club; Berlin: meeting')
    expect(second!.props.has('URL')).toBe(false)
  })

  test('escaping and folding primitives', () => {
    expect(escapeIcsText('a\\b;c,d\r\ne\nf')).toBe('a\\\\b\\;c\\,d\\ne\\nf')
    const folded = foldIcsLine('X:' + '€'.repeat(60))
    for (const line of folded.split('\r\n')) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75)
    expect(folded.replace(/\r\n /g, '')).toBe('X:' + '€'.repeat(60))
  })

  test('a javascript: link never becomes a URL or a description line', () => {
    const doc = new Y.Doc()
    setTimeZone(doc, 'UTC')
    addPaper(doc, { title: 'Bad link' }, 'm1', 1)
    setSchedule(doc, { weekday: 1, time: '09:00', from: '2026-01-01' })
    closeMeeting(doc, 'm:2026-01-05', 10)
    const [meeting] = upcomingMeetings(doc, { now: Date.parse('2026-01-01T00:00:00Z'), count: 1 })
    const tampered = { ...meeting!, paper: { ...meeting!.paper!, url: 'javascript:alert(1)' } }
    const ics = meetingsToIcs([tampered], { id: 'x', name: 'L', timeZone: 'UTC' }, { now: 0, listUrl: 'javascript:alert(2)' })
    expect(ics).not.toContain('javascript')
    expect(ics).not.toMatch(/^URL/m)
  })
})
