import { listMeetings } from '../../doc/club/meetings.js'
import { addDays, zonedParts } from '../../doc/club/time.js'
import { readMeta } from '../../doc/queries.js'
import { meetingsToIcs } from '../../io/ics.js'
import { listPath } from '../router.js'
import { useShortlist } from '../ShortlistContext.js'
import { downloadText, fileNameFor } from '../download.js'
import { useClub } from './useClub.js'

/** Meetings this far back and ahead go into the calendar file (days). */
const PAST_DAYS = 90
const AHEAD_DAYS = 370

/** "Download .ics": the list's meetings (recent and upcoming, skipped ones as cancelled) for a calendar app. */
export function IcsButton() {
  const { session, members } = useShortlist()
  const club = useClub()
  const download = () => {
    const doc = session.doc
    const now = Date.now()
    const { timeZone } = club.settings()
    const today = zonedParts(now, timeZone).date
    const meetings = listMeetings(doc, { fromDate: addDays(today, -PAST_DAYS), toDate: addDays(today, AHEAD_DAYS), now, includeCancelled: true })
    const name = readMeta(doc).name || 'Journal club'
    const names = new Map([...members()].map(([id, member]) => [id, member.name]))
    // the link without its key: members who hold the list open it, nobody else gets in
    const text = meetingsToIcs(meetings, { id: session.listId, name, timeZone }, { now, memberNames: names, listUrl: location.origin + listPath(session.listId) })
    downloadText(fileNameFor(name, '.ics'), 'text/calendar;charset=utf-8', text)
  }
  return <button type="button" onClick={download}>Download .ics</button>
}
