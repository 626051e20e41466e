import { cleanup, fireEvent, render, screen, waitFor } from '@solidjs/testing-library'
import { readFileSync } from 'node:fs'
import { afterEach, expect, test } from 'vitest'
import * as Y from 'yjs'
import { addPaper } from '../../src/doc/ops.js'
import { listPapers, readPaper } from '../../src/doc/queries.js'
import { createListView } from '../../src/reactive/createListView.js'
import type { ListSession } from '../../src/sync/session.js'
import { ImportPanel, progressText } from '../../src/ui/import/ImportPanel.js'
import { addLabel, previewSummary } from '../../src/ui/import/ImportPreview.js'
import { offerSharedText } from '../../src/ui/import/pendingShare.js'
import { ShortlistProvider } from '../../src/ui/ShortlistContext.js'
import { ClubProvider } from '../../src/ui/club/ClubProvider.js'

afterEach(cleanup)

const identity = { memberId: 'me', name: 'Ada', colour: '#1971c2' }
const LIST_ID = 'BBBBBBBBBBBBBBBBBBBBBB'
const fixture = (name: string) => readFileSync(`tests/fixtures/io/${name}`, 'utf8')

function renderPanel(doc: Y.Doc) {
  const session = { doc, listId: LIST_ID } as unknown as ListSession
  return render(() => {
    const view = createListView(doc, identity.memberId)
    return <ShortlistProvider value={{ session, view, identity, readOnly: false, members: () => new Map() }}><ClubProvider><ImportPanel /></ClubProvider></ShortlistProvider>
  })
}

const box = () => screen.getByLabelText(/arXiv id, DOI or link/) as HTMLTextAreaElement

function paste(text: string) {
  fireEvent.input(box(), { target: { value: text } })
  fireEvent.click(screen.getByRole('button', { name: 'Add' }))
}

test('the summary and button say what the import will do', () => {
  expect(previewSummary({ fresh: [{}, {}], existing: [{}], skipped: [] })).toBe('2 new, 1 already in the list, 0 skipped')
  expect(addLabel({ fresh: [{}], existing: [] })).toBe('Add 1 paper')
  expect(addLabel({ fresh: Array(1200).fill({}), existing: [] })).toBe('Add 1,200 papers')
  expect(addLabel({ fresh: [], existing: [{}, {}] })).toBe('Update 2 papers')
  expect(addLabel({ fresh: [], existing: [] })).toBe('Nothing to add')
  expect(progressText(400, 1000)).toBe('Reading 400 of 1,000…')
  expect(progressText(0, 1)).toBe('Reading…')
})

test('a pasted papers page previews 12 new papers, and one click adds them all', async () => {
  const doc = new Y.Doc()
  renderPanel(doc)
  paste(fixture('papers-page-sample.txt'))
  await waitFor(() => expect(screen.getByTestId('import-summary').textContent).toContain('12 new, 0 already in the list, 0 skipped'), { timeout: 10_000 })
  const titles = screen.getByRole('list', { name: 'Papers to add' }).querySelectorAll('li')
  expect(titles).toHaveLength(12)
  expect(titles[0]!.textContent).toContain('Discriminative Class Tokens for Text-to-Image Diffusion Models')
  expect(listPapers(doc)).toHaveLength(0)
  let transactions = 0
  doc.on('afterTransaction', () => transactions++)
  fireEvent.click(screen.getByRole('button', { name: 'Add 12 papers' }))
  expect(transactions).toBe(1)
  expect(listPapers(doc)).toHaveLength(12)
  expect(screen.queryByTestId('import-summary')).toBeNull()
  expect(box().value).toBe('')
})

test('BibTeX with a broken entry: the skipped line and its reason show, papers already in the list are counted', async () => {
  const doc = new Y.Doc()
  addPaper(doc, { arxivId: '1706.03762' }, 'someone')
  renderPanel(doc)
  paste(fixture('sample.bib'))
  await waitFor(() => expect(screen.getByTestId('import-summary')).toBeTruthy(), { timeout: 10_000 })
  const summary = screen.getByTestId('import-summary').textContent!
  expect(summary).toMatch(/^4 new, 1 already in the list, 2 skipped/)
  const skipped = screen.getByText(/^Skipped/).closest('details')!
  expect(skipped.open).toBe(true)
  const lines = [...skipped.querySelectorAll('li')].map((item) => item.textContent)
  expect(lines[0]).toMatch(/^Line 28: The entry's braces do not balance/)
  expect(lines[1]).toMatch(/^Line 55: A field is missing its "="/)
  expect(screen.getByRole('list', { name: 'Papers to add' }).textContent).toContain('(already in the list)')
  fireEvent.click(screen.getByRole('button', { name: 'Add 4 papers' }))
  // the merge fills the pending paper's title without touching who added it
  const merged = listPapers(doc).find((paper) => paper.arxivId === '1706.03762')!
  expect(readPaper(doc, merged.id)).toMatchObject({ title: 'Attention Is All You Need', addedBy: 'someone', pending: false })
})

test('one arXiv id is added at once, without a preview', () => {
  const doc = new Y.Doc()
  renderPanel(doc)
  paste('https://arxiv.org/abs/2401.12345v2')
  expect(listPapers(doc).map((paper) => [paper.arxivId, paper.pending])).toEqual([['2401.12345', true]])
  expect(screen.queryByTestId('import-summary')).toBeNull()
})

test('text with nothing to add shows why and offers no add', async () => {
  const doc = new Y.Doc()
  renderPanel(doc)
  paste('hello there\nnothing to see')
  await waitFor(() => expect(screen.getByTestId('import-summary').textContent).toContain('0 new, 0 already in the list, 2 skipped'), { timeout: 10_000 })
  expect(screen.getAllByText('No arXiv id, DOI or link found.')).toHaveLength(2)
  expect((screen.getByRole('button', { name: 'Nothing to add' }) as HTMLButtonElement).disabled).toBe(true)
})

test('a large BibTeX file reports progress while it is read', async () => {
  const doc = new Y.Doc()
  renderPanel(doc)
  const bib = Array.from({ length: 300 }, (_, i) => `@misc{k${i}, title = {Paper number ${i}}, doi = {10.1000/p.${i}}}`).join('\n')
  paste(bib)
  await waitFor(() => expect(screen.getByRole('status').textContent).toMatch(/Reading \d+ of 300…/), { timeout: 10_000 })
  await waitFor(() => expect(screen.getByTestId('import-summary').textContent).toContain('300 new'), { timeout: 20_000 })
  expect(screen.getByText('…and 200 more.')).toBeTruthy()
})

test('shared text waiting for this list fills the box and is previewed', async () => {
  const doc = new Y.Doc()
  offerSharedText(LIST_ID, 'Look at this https://arxiv.org/abs/2401.12345')
  renderPanel(doc)
  expect(box().value).toBe('Look at this https://arxiv.org/abs/2401.12345')
  await waitFor(() => expect(screen.getByTestId('import-summary').textContent).toContain('1 new'), { timeout: 10_000 })
})

test('"Add by title instead" moves focus into the form; adding, Escape or closing gives it back', async () => {
  const doc = new Y.Doc()
  renderPanel(doc)
  const toggle = screen.getByRole('button', { name: 'Add by title instead' })
  fireEvent.click(toggle)
  const title = screen.getByLabelText('Title')
  await waitFor(() => expect(document.activeElement).toBe(title))

  fireEvent.keyDown(title, { key: 'Escape' })
  expect(screen.queryByLabelText('Title')).toBeNull()
  expect(document.activeElement).toBe(toggle)

  fireEvent.click(toggle)
  await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('Title')))
  fireEvent.click(screen.getByRole('button', { name: 'Close the form' }))
  expect(screen.queryByLabelText('Title')).toBeNull()
  expect(document.activeElement).toBe(toggle)

  fireEvent.click(toggle)
  fireEvent.input(screen.getByLabelText('Title'), { target: { value: 'A paper by title' } })
  fireEvent.click(screen.getByRole('button', { name: 'Add paper' }))
  expect(listPapers(doc).map((paper) => paper.title)).toEqual(['A paper by title'])
  expect(screen.queryByLabelText('Title')).toBeNull()
  expect(document.activeElement).toBe(toggle)
})
