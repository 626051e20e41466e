import { createEffect, createMemo, createSignal, on, onCleanup } from 'solid-js'
import type { Accessor } from 'solid-js'
import type * as Y from 'yjs'
import { overBudgetVotes, votesLeft } from '../doc/club/budget.js'
import { closeDueMeetings, nextOpenDeadline, upcomingMeetings } from '../doc/club/meetings.js'
import { isAway } from '../doc/club/rotation.js'
import { pinnedMeetingIds } from '../doc/club/schedule.js'
import { readingSummary } from '../doc/club/reading.js'
import type { ReadingSummary } from '../doc/club/reading.js'
import { awayOf, closesOf, clubSettingsOf, meetingsOf } from '../doc/club/schema.js'
import type { ClubSettings, Meeting } from '../doc/club/schema.js'
import { readClubSettings } from '../doc/club/settings.js'
import type { PaperId } from '../doc/ids.js'
import { readingState } from '../doc/queries.js'
import { commentsOf, membersOf, papersOf, readingOf, votesOf } from '../doc/schema.js'
import type { MemberId, ReadingState } from '../doc/schema.js'

/** A reactive view of a list's journal club: settings, the next meeting, my budget and reading. */
export interface ClubView {
  /** The wall clock, ticking every {@link CLOCK_MS}: deadlines pass and meetings end without an edit. */
  now: Accessor<number>
  settings: Accessor<ClubSettings>
  /** Whether someone set the list's zone (until then every device reads UTC). */
  hasTimeZone: Accessor<boolean>
  /** The next meeting that has not ended and is neither held nor cancelled, or null. */
  nextMeeting: Accessor<Meeting | null>
  /** How many more votes I may cast; null when voting is unlimited. */
  votesLeft: Accessor<number | null>
  /** How many of my active votes do not count because they are over the budget (`overBudgetVotes`); 0 when unlimited. */
  overBudget: Accessor<number>
  /** Who has read a paper, out of how many members (reactive). */
  reading(paperId: PaperId): ReadingSummary
  /** My own reading state of a paper (reactive). */
  myReading(paperId: PaperId): ReadingState
  /** Whether I marked myself away on a date (reactive). */
  amAway(date: string): boolean
  /**
   * Reads every signal a club query depends on. Call it first inside a memo that runs a
   * `doc/club` query, so the memo re-runs when the club, the papers or the clock change.
   */
  track(): void
  /** Changes whenever anything in the list changed (throttled); for the activity feed. */
  anyChange: Accessor<number>
}

/** How often the clock ticks (ms). */
export const CLOCK_MS = 30_000
/** Paper and vote changes reach club queries after this delay, coalesced, so a vote paints first. */
export const PAPERS_DELAY_MS = 120
/** Activity is re-derived at most this often (ms): it walks the whole document. */
export const ACTIVITY_DELAY_MS = 800

/** A signal bumped after `delay` ms, at most once per delay however many changes arrive. */
function createThrottledTick(delay: number): [Accessor<number>, () => void] {
  const [tick, setTick] = createSignal(0)
  let timer: ReturnType<typeof setTimeout> | undefined
  const bump = () => {
    if (timer !== undefined) return
    timer = setTimeout(() => {
      timer = undefined
      setTick((n) => n + 1)
    }, delay)
  }
  onCleanup(() => clearTimeout(timer))
  return [tick, bump]
}

const sameMeeting = (a: Meeting | null, b: Meeting | null): boolean =>
  a === b || (!!a && !!b && a.id === b.id && a.state === b.state && a.paperId === b.paperId && a.presenter === b.presenter &&
    a.suggestedPresenter === b.suggestedPresenter && a.startsAt === b.startsAt && a.endsAt === b.endsAt &&
    a.deadline === b.deadline && a.time === b.time && a.timeZone === b.timeZone && a.heldAt === b.heldAt &&
    a.cancelledAt === b.cancelledAt && a.fromSchedule === b.fromSchedule)

/** True when two meeting lists show the same (for memo `equals`, so views re-render only on change). */
export const sameMeetings = (a: Meeting[], b: Meeting[]): boolean =>
  a.length === b.length && a.every((meeting, index) => sameMeeting(meeting, b[index] ?? null))

/** The longest single wait for a deadline (ms); a longer wait is re-planned after it (timers overflow past ~24 days). */
export const MAX_DEADLINE_WAIT_MS = 6 * 60 * 60_000

/**
 * Writes down due meetings' choices (`closeDueMeetings`) now, and again each time the next
 * open deadline passes, re-planned whenever the club roots change. Stops on owner cleanup.
 */
function createDeadlineCloser(doc: Y.Doc, memberId: MemberId, clubChanged: Accessor<number>): void {
  let timer: ReturnType<typeof setTimeout> | undefined
  const closeAndPlan = () => {
    clearTimeout(timer)
    const now = Date.now()
    closeDueMeetings(doc, now, memberId)
    const next = nextOpenDeadline(doc, now)
    if (next !== null) timer = setTimeout(closeAndPlan, Math.min(next - now + 1, MAX_DEADLINE_WAIT_MS))
  }
  createEffect(on(clubChanged, closeAndPlan))
  onCleanup(() => clearTimeout(timer))
}

/**
 * Mirrors the club part of a list document into signals. Club roots (settings, meetings,
 * closes, away, members) update at once; paper and vote changes reach the meeting queries a
 * moment later, coalesced, so a vote on a long list paints before the club re-derives.
 * My vote budget follows votes at once (it gates the vote buttons). With `closeDueMeetings`
 * (a device that may write) it writes down each meeting's choice when the view is made (the
 * list opens) and when a deadline passes while it is open. Unobserves on cleanup.
 */
export function createClubView(doc: Y.Doc, memberId: MemberId, options: { clockMs?: number; closeDueMeetings?: boolean } = {}): ClubView {
  const [now, setNow] = createSignal(Date.now())
  const clock = setInterval(() => setNow(Date.now()), options.clockMs ?? CLOCK_MS)
  onCleanup(() => clearInterval(clock))

  const [club, setClub] = createSignal(0)
  const bumpClub = () => setClub((n) => n + 1)
  const [papers, bumpPapers] = createThrottledTick(PAPERS_DELAY_MS)
  const [votes, setVotes] = createSignal(0)
  const [reading, setReading] = createSignal(0)
  const [anyChange, bumpAny] = createThrottledTick(ACTIVITY_DELAY_MS)

  const onVotes = () => {
    setVotes((n) => n + 1)
    bumpPapers()
  }
  const onReading = () => setReading((n) => n + 1)
  const watched: [Y.AbstractType<any>, () => void][] = [
    [clubSettingsOf(doc), bumpClub], [meetingsOf(doc), bumpClub], [closesOf(doc), bumpClub], [awayOf(doc), bumpClub],
    [membersOf(doc), bumpClub], [papersOf(doc), bumpPapers], [votesOf(doc), onVotes], [readingOf(doc), onReading],
    [commentsOf(doc), bumpAny],
  ]
  for (const [type, listener] of watched) type.observe(listener)
  doc.on('update', bumpAny)
  onCleanup(() => {
    for (const [type, listener] of watched) type.unobserve(listener)
    doc.off('update', bumpAny)
  })

  if (options.closeDueMeetings) createDeadlineCloser(doc, memberId, club)

  const track = () => {
    club()
    papers()
    now()
  }
  const settings = createMemo(() => {
    club()
    return readClubSettings(doc)
  }, undefined, { equals: (a, b) => JSON.stringify(a) === JSON.stringify(b) })
  const hasTimeZone = createMemo(() => {
    club()
    return clubSettingsOf(doc).has('timeZone')
  })
  const nextMeeting = createMemo(() => {
    track()
    // no schedule and no meeting added by hand: nothing to expand (skips the zone formatter
    // on a club-less list's first paint)
    if (!settings().schedule && pinnedMeetingIds(doc).length === 0) return null
    return upcomingMeetings(doc, { now: now(), count: 3 }).find((meeting) => meeting.state !== 'held') ?? null
  }, null, { equals: sameMeeting })
  const myVotesLeft = createMemo(() => {
    votes()
    papers()
    if (settings().voteBudget === null) return null
    return votesLeft(doc, memberId)
  })
  const myOverBudget = createMemo(() => {
    votes()
    papers()
    if (settings().voteBudget === null) return 0
    return overBudgetVotes(doc, memberId).length
  })

  return {
    now,
    settings,
    hasTimeZone,
    nextMeeting,
    votesLeft: myVotesLeft,
    overBudget: myOverBudget,
    reading: (paperId) => {
      reading()
      club()
      return readingSummary(doc, paperId)
    },
    myReading: (paperId) => {
      reading()
      return readingState(doc, { paperId, memberId })
    },
    amAway: (date) => {
      club()
      return isAway(doc, memberId, date)
    },
    track,
    anyChange,
  }
}
