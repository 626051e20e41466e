/**
 * The app's filler against a real relay whose upstreams are the local fakes: papers pasted
 * without a link are found by title, outcomes are stored in the list, Retry asks again, and
 * citation counts arrive.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, onTestFinished, test, vi } from 'vitest'
import { parsePapers } from '../../src/io/index.js'
import { listPapers } from '../../src/doc/queries.js'
import type { FakePaper } from '../server/lookup/fakeUpstreams.js'
import * as Y from 'yjs'
import { addPaper, readPaper } from '../../src/doc/index.js'
import { clearLookupOutcomes, readCitations, readLookupOutcome, setCitations } from '../../src/doc/lookupState.js'
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

test('the page sample plus the two new entry shapes, pasted: every paper gets its own paper link', async () => {
  const text = readFileSync(join(import.meta.dirname, '../fixtures/io/papers-page-new-shapes.txt'), 'utf8')
  const pasted = parsePapers(text, { referenceDate: new Date('2025-11-30T12:00:00Z') }).papers
  expect(pasted).toHaveLength(14)
  // the fake services know every pasted paper: half through Hugging Face's search, half only on arXiv
  const catalogue = pasted.map((paper, index): FakePaper => ({
    arxivId: `2511.${20000 + index}`, title: paper.title!, authors: ['First Author'], abstract: paper.abstract ?? '', published: '2025-11-20', onHf: index % 2 === 0,
  }))
  const { relay } = await startRelayWithFakes({ catalogue })
  const doc = new Y.Doc()
  for (const paper of pasted) addPaper(doc, paper, 'm1')
  const before = listPapers(doc)
  expect(before).toHaveLength(14)
  expect(before.filter((paper) => paper.url || paper.pdfUrl)).toHaveLength(0)
  const filler = start(doc, { lookup: makeHttpLookup(relay.url), isOnline: () => true })
  await filler.fillNow()
  for (const paper of listPapers(doc)) {
    const index = pasted.findIndex((p) => p.title === paper.title)
    expect(paper, paper.title).toMatchObject({ url: `https://arxiv.org/abs/${catalogue[index]!.arxivId}`, pdfUrl: `https://arxiv.org/pdf/${catalogue[index]!.arxivId}` })
  }
})

test('a citation count dated in the future is asked again, not kept as fresh for ever', async () => {
  const [paper] = makePapers(1, 'Dated')
  const { relay } = await startRelayWithFakes({ catalogue: [paper!] })
  const doc = new Y.Doc()
  const id = addPaper(doc, { arxivId: paper!.arxivId }, 'm1').id
  setCitations(doc, id, 999_999, Date.now() + 365 * 86_400_000)
  const asked: string[][] = []
  const citations = makeHttpCitations(relay.url)
  const filler = start(doc, { lookup: makeHttpLookup(relay.url), citations: (ids) => (asked.push([...ids]), citations(ids)), isOnline: () => true })
  await filler.fillNow()
  await vi.waitFor(() => expect(readCitations(doc, id)?.count).toBe(paper!.citations))
  expect(asked.flat()).toHaveLength(1)
  expect(readCitations(doc, id)!.at).toBeLessThanOrEqual(Date.now())
})
