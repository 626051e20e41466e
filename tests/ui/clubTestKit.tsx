/** Renders journal-club components inside a list context over a real Y.Doc. */
import { cleanup, render } from '@solidjs/testing-library'
import type { JSX } from 'solid-js'
import { afterEach } from 'vitest'
import * as Y from 'yjs'
import { upsertMember } from '../../src/doc/ops.js'
import { listMembers } from '../../src/doc/queries.js'
import { membersOf } from '../../src/doc/schema.js'
import { createListView } from '../../src/reactive/createListView.js'
import { createYValue } from '../../src/reactive/createYValue.js'
import type { ListSession } from '../../src/sync/session.js'
import { ShortlistProvider } from '../../src/ui/ShortlistContext.js'
import { ClubProvider } from '../../src/ui/club/ClubProvider.js'

export const LIST_ID = 'AAAAAAAAAAAAAAAAAAAAAA'
export const ada = { memberId: 'ada', name: 'Ada', colour: '#1971c2' }
export const bo = { memberId: 'bo', name: 'Bo', colour: '#2f9e44' }

/** A list doc with Ada and Bo as members. */
export function clubDoc(): Y.Doc {
  const doc = new Y.Doc()
  upsertMember(doc, { id: ada.memberId, name: ada.name, colour: ada.colour, at: 1 })
  upsertMember(doc, { id: bo.memberId, name: bo.name, colour: bo.colour, at: 2 })
  return doc
}

/** Renders `ui` as `who` (Ada by default) in the list held by `doc`. */
export function renderClub(doc: Y.Doc, ui: () => JSX.Element, options: { readOnly?: boolean; who?: typeof ada; listId?: string } = {}) {
  const session = { doc, listId: options.listId ?? LIST_ID } as unknown as ListSession
  const identity = options.who ?? ada
  return render(() => {
    const view = createListView(doc, identity.memberId)
    const members = createYValue(membersOf(doc), () => new Map(listMembers(doc).map((member) => [member.id, member])))
    return <ShortlistProvider value={{ session, view, identity, readOnly: options.readOnly ?? false, members }}><ClubProvider>{ui()}</ClubProvider></ShortlistProvider>
  })
}

/** Today and tomorrow as YYYY-MM-DD in UTC (the zone a list reads until one is set). */
export function utcDates(now = Date.now()): { today: string; tomorrow: string; weekdayTomorrow: number } {
  const tomorrow = new Date(now + 86_400_000)
  return { today: new Date(now).toISOString().slice(0, 10), tomorrow: tomorrow.toISOString().slice(0, 10), weekdayTomorrow: tomorrow.getUTCDay() }
}

/**
 * Returns a maker of fresh club docs for the calling test file; after each test it unmounts
 * what was rendered and destroys the docs made.
 */
export function useFreshClubDocs(): () => Y.Doc {
  const docs: Y.Doc[] = []
  afterEach(() => {
    cleanup()
    for (const doc of docs.splice(0)) doc.destroy()
  })
  return () => {
    const doc = clubDoc()
    docs.push(doc)
    return doc
  }
}
