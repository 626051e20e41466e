import { describe, expect, test } from 'vitest'
import { addDays, isValidTimeZone, weekdayOf, zonedParts, zonedToUtc } from '../../../src/doc/club/index.js'

describe('wall time <-> UTC across daylight saving', () => {
  test('Europe/Berlin: 16:00 before and after the spring change is 15:00Z then 14:00Z', () => {
    expect(new Date(zonedToUtc('2026-03-26', '16:00', 'Europe/Berlin')).toISOString()).toBe('2026-03-26T15:00:00.000Z')
    expect(new Date(zonedToUtc('2026-04-02', '16:00', 'Europe/Berlin')).toISOString()).toBe('2026-04-02T14:00:00.000Z')
  })
  test('Europe/Berlin: autumn change week', () => {
    expect(new Date(zonedToUtc('2026-10-22', '16:00', 'Europe/Berlin')).toISOString()).toBe('2026-10-22T14:00:00.000Z')
    expect(new Date(zonedToUtc('2026-10-29', '16:00', 'Europe/Berlin')).toISOString()).toBe('2026-10-29T15:00:00.000Z')
  })
  test('America/New_York: the US changes on other dates than Europe', () => {
    expect(new Date(zonedToUtc('2026-03-05', '16:00', 'America/New_York')).toISOString()).toBe('2026-03-05T21:00:00.000Z')
    expect(new Date(zonedToUtc('2026-03-12', '16:00', 'America/New_York')).toISOString()).toBe('2026-03-12T20:00:00.000Z')
    expect(new Date(zonedToUtc('2026-10-29', '16:00', 'America/New_York')).toISOString()).toBe('2026-10-29T20:00:00.000Z')
    expect(new Date(zonedToUtc('2026-11-05', '16:00', 'America/New_York')).toISOString()).toBe('2026-11-05T21:00:00.000Z')
  })
  test('a time in the spring gap moves forward; a repeated autumn time takes the first', () => {
    expect(new Date(zonedToUtc('2026-03-29', '02:30', 'Europe/Berlin')).toISOString()).toBe('2026-03-29T01:30:00.000Z')
    expect(zonedParts(zonedToUtc('2026-03-29', '02:30', 'Europe/Berlin'), 'Europe/Berlin').time).toBe('03:30')
    expect(new Date(zonedToUtc('2026-10-25', '02:30', 'Europe/Berlin')).toISOString()).toBe('2026-10-25T00:30:00.000Z')
    expect(new Date(zonedToUtc('2026-11-01', '01:30', 'America/New_York')).toISOString()).toBe('2026-11-01T05:30:00.000Z')
  })
  test('round trip: local parts of the instant give back the wall time', () => {
    for (const zone of ['Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'UTC']) {
      for (let day = 0; day < 366; day += 5) {
        const date = addDays('2026-01-01', day)
        expect(zonedParts(zonedToUtc(date, '16:00', zone), zone)).toMatchObject({ date, time: '16:00' })
      }
    }
  })
  test('zone names are checked and dates have weekdays', () => {
    expect(isValidTimeZone('Europe/Berlin')).toBe(true)
    expect(isValidTimeZone('Mars/Olympus')).toBe(false)
    expect(isValidTimeZone('')).toBe(false)
    expect(weekdayOf('2026-12-03')).toBe(4)
    expect(weekdayOf('1969-12-28')).toBe(0)
  })
})
