/**
 * The app's filler against a real relay whose upstreams are the local fakes: papers pasted
 * without a link are found by title, outcomes are stored in the list, Retry asks again, and
 * citation counts arrive.
 */
import { expect, onTestFinished, test, vi } from 'vitest'
import * as Y from 'yjs'
import { addPaper, readPaper } from '../../src/doc/index.js'
import { clearLookupOutcomes, readCitations, readLookupOutcome } from '../../src/doc/lookupState.js'
import { makeHttpCitations, makeHttpLookup, startFillingPending } from '../../src/sync/fillPending.js'
import type { FillPendingOptions } from '../../src/sync/fillPending.js'
import { makePapers } from '../server/lookup/fakeUpstreams.js'
import { startRelayWithFakes } from '../server/lookup/relayWithFakes.js'

function start(doc: Y.Doc, options: FillPendingOptions) {
  const filler = startFillingPending(doc, { settleMs: 0, jitterMs: 0, random: () => 0.5, ...options })
  onTestFinished(() => filler.destroy())
  return filler
}

test('pasted papers get their links by title; nothing found is stored and waits for Retry; citations arrive', async () => {
  const [, known, other] = makePapers(3, 'Pasted') // known: only on arXiv, with no code link there
  const { relay, fake } = await startRelayWithFakes({ catalogue: [known!, makePapers(4, 'Pasted')[3]!] })
  const doc = new Y.Doc()
  const found = addPaper(doc, { title: known!.title, codeUrl: 'https://github.com/only/code' }, 'm1').id
  const missing = addPaper(doc, { title: other!.title }, 'm1').id
  const filler = start(doc, { lookup: makeHttpLookup(relay.url), citations: makeHttpCitations(relay.url), isOnline: () => true })
  await filler.fillNow()
  expect(readPaper(doc, found)).toMatchObject({ arxivId: known!.arxivId, url: `https://arxiv.org/abs/${known!.arxivId}`, pdfUrl: `https://arxiv.org/pdf/${known!.arxivId}`, codeUrl: 'https://github.com/only/code' })
  expect(readLookupOutcome(doc, found)).toBeNull()
  expect(readLookupOutcome(doc, missing)).toMatchObject({ status: 'notFound', message: 'No paper with this title was found on Hugging Face or arXiv.' })
  await vi.waitFor(() => expect(readCitations(doc, found)?.count).toBe(known!.citations))

  const searches = () => fake.urls.filter((url) => url.startsWith('/hf/api/papers/search')).length
  const before = searches()
  await filler.fillNow()
  expect(searches()).toBe(before) // not asked again on its own

  // while the upstreams are down, a new paste says so; a member's Retry (on any device) asks again
  const [, , , late] = makePapers(4, 'Pasted')
  fake.setMode('hf', 'fail')
  fake.setMode('arxiv', 'fail')
  const later = addPaper(doc, { title: late!.title }, 'm1').id
  await filler.fillNow()
  expect(readLookupOutcome(doc, later)).toMatchObject({ status: 'unavailable', message: expect.stringMatching(/^The title could not be looked up/) })
  fake.setMode('hf', 'ok')
  fake.setMode('arxiv', 'ok')
  clearLookupOutcomes(doc, [later])
  await vi.waitFor(() => expect(readPaper(doc, later)?.url).toBe(`https://arxiv.org/abs/${late!.arxivId}`))
})

test('offline, nothing is asked and nothing is stored: the paper stays "pending"', async () => {
  const { relay, fake } = await startRelayWithFakes()
  const doc = new Y.Doc()
  const id = addPaper(doc, { arxivId: '2106.09685' }, 'm1').id
  const filler = start(doc, { lookup: makeHttpLookup(relay.url), isOnline: () => false })
  await filler.fillNow()
  expect(readPaper(doc, id)?.pending).toBe(true)
  expect(readLookupOutcome(doc, id)).toBeNull()
  expect(fake.urls).toEqual([])
})
