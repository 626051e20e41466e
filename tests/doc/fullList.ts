/** A list with something in every root, for the registry and backup tests. */
import * as Y from 'yjs'
import {
  addComment, addPaper, createList, deleteComment, deletePaper, editPaper, listAllPapers, listComments, listMembers, noteText,
  readMeta, readersOf, setNoteText, setReading, setVote, upsertMember, voteCounts, votersOf, rankQueue,
} from '../../src/doc/index.js'
import {
  addMeeting, awayOn, cancelMeeting, closeMeeting, initClubSettings, listMeetings, markHeld, meetingCloses, readClubSettings,
  setAway, setDeadline, setMeetingPaper, setPresenter, setSchedule, setVoteBudget,
} from '../../src/doc/club/index.js'
import { utc } from './club/replicas.js'
import { dismissEntry, setFeedSettings } from '../../src/doc/inbox.js'
import { setCitations, setLookupOutcome } from '../../src/doc/lookupState.js'

/** A list with something in every root, written only through the public ops. */
export function fullList(): Y.Doc {
  const doc = new Y.Doc()
  createList(doc, { name: 'Vision group journal club', description: 'Thursdays', at: 5 })
  upsertMember(doc, { id: 'ann', name: 'Ann', colour: '#ff0000', at: 1 })
  upsertMember(doc, { id: 'bob', name: 'Bob', colour: '#00ff00', at: 2 })
  initClubSettings(doc, { timeZone: 'Europe/Berlin' })
  setVoteBudget(doc, 2)
  setSchedule(doc, { weekday: 4, time: '16:00', from: '2026-03-01', deadlineMinutesBefore: 60 }, 'ann', utc('2026-03-01T09:00:00Z'))
  const a = addPaper(doc, { arxivId: '1706.03762', title: 'Attention', authors: ['A. V'], tags: ['nlp'] }, 'ann', 10).id
  const b = addPaper(doc, { doi: '10.1000/x' }, 'bob', 11).id
  const c = addPaper(doc, { title: 'Gone', url: 'https://example.org/gone' }, 'ann', 12).id
  const d = addPaper(doc, { title: 'Next week' }, 'bob', 13).id
  editPaper(doc, a, { title: 'Attention Is All You Need' })
  deletePaper(doc, c, 20)
  setVote(doc, { paperId: a, memberId: 'ann', on: true, at: 30 })
  setVote(doc, { paperId: b, memberId: 'ann', on: true, at: 31 })
  setVote(doc, { paperId: b, memberId: 'bob', on: true, at: 32 })
  setVote(doc, { paperId: c, memberId: 'bob', on: true, at: 33 })
  setVote(doc, { paperId: d, memberId: 'bob', on: true, at: 34 })
  setReading(doc, { paperId: a, memberId: 'ann', state: 'read' })
  setReading(doc, { paperId: b, memberId: 'bob', state: 'reading' })
  addComment(doc, { paperId: a, by: 'ann', text: 'Great paper', at: 40 })
  deleteComment(doc, addComment(doc, { paperId: b, by: 'bob', text: 'Oops', at: 41 }), 42)
  setNoteText(doc, a, 'Key idea: attention.\nSecond line — ünïcode.')
  setNoteText(doc, b, 'Note on b')
  const first = 'm:2026-03-05' as const
  closeMeeting(doc, first, utc('2026-03-05T12:00:00Z'), 'ann')
  setPresenter(doc, { meetingId: first, memberId: 'bob' })
  markHeld(doc, first, utc('2026-03-05T16:30:00Z'), 'ann')
  setDeadline(doc, 'm:2026-03-12', utc('2026-03-11T10:00:00Z'))
  setMeetingPaper(doc, { meetingId: 'm:2026-03-12', paperId: d, by: 'bob', at: utc('2026-03-06T10:00:00Z') })
  cancelMeeting(doc, 'm:2026-03-19', 'ann', utc('2026-03-06T11:00:00Z'))
  addMeeting(doc, { date: '2026-03-24', time: '10:00', durationMinutes: 90 }, 'bob', utc('2026-03-06T12:00:00Z'))
  setAway(doc, 'ann', '2026-03-26', true)
  setFeedSettings(doc, { hfDaily: true, arxivCategories: ['cs.CL'], include: ['diffusion'], exclude: ['survey'] })
  dismissEntry(doc, '2612.01001', 'bob', 50)
  setLookupOutcome(doc, d, { status: 'notFound', message: 'No paper with this title was found.', at: 51 })
  setCitations(doc, a, 120000, 52)
  return doc
}

/** Everything a member sees of the list, through the queries. */
export function listView(doc: Y.Doc) {
  const papers = listAllPapers(doc)
  return {
    meta: readMeta(doc),
    papers,
    ranking: rankQueue(doc),
    votes: [...voteCounts(doc).entries()].sort(),
    voters: papers.map((paper) => votersOf(doc, paper.id)),
    readers: papers.map((paper) => readersOf(doc, paper.id)),
    comments: papers.map((paper) => listComments(doc, paper.id)),
    notes: papers.map((paper) => noteText(doc, paper.id)),
    members: listMembers(doc),
    settings: readClubSettings(doc),
    meetings: listMeetings(doc, { fromDate: '2026-03-01', toDate: '2026-04-30', now: utc('2026-03-10T00:00:00Z'), includeCancelled: true }),
    closes: meetingCloses(doc, 'm:2026-03-05'),
    away: awayOn(doc, '2026-03-26'),
  }
}

