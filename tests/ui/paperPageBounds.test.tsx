/** A paper's comments and readers: the page draws a bounded number of comments and readers, however many peers wrote. */
import { fireEvent, screen, within } from '@solidjs/testing-library'
import { expect, test } from 'vitest'
import { addComment, addPaper, setReading } from '../../src/doc/ops.js'
import { PaperComments } from '../../src/ui/paper/PaperComments.js'
import { PaperReading } from '../../src/ui/paper/PaperReading.js'
import { renderClub, useFreshClubDocs } from './clubTestKit.js'

const freshDoc = useFreshClubDocs()

test('250 comments: the newest 100 are drawn, "Show earlier comments" adds 100 more at a time', async () => {
  const doc = freshDoc()
  const { id } = addPaper(doc, { title: 'Busy paper' }, 'ada', 1)
  doc.transact(() => {
    for (let i = 0; i < 250; i++) addComment(doc, { paperId: id, by: 'bo', text: `comment ${i}`, at: 1_000 + i })
  })
  renderClub(doc, () => <PaperComments paperId={id} />)
  const list = () => document.querySelector('ul.comments')!
  const texts = () => [...list().querySelectorAll('.comment-text')].map((node) => node.textContent)
  expect(texts().length).toBe(100)
  expect(texts()[0]).toBe('comment 150')
  expect(texts().at(-1)).toBe('comment 249')
  fireEvent.click(screen.getByRole('button', { name: 'Show earlier comments (150)' }))
  expect(texts().length).toBe(200)
  fireEvent.click(screen.getByRole('button', { name: 'Show earlier comments (50)' }))
  expect(texts().length).toBe(250)
  expect(screen.queryByRole('button', { name: /Show earlier comments/ })).toBeNull()
})

test('500 readers: 40 are named and the rest counted', () => {
  const doc = freshDoc()
  const { id } = addPaper(doc, { title: 'Widely read' }, 'ada', 1)
  doc.transact(() => {
    for (let i = 0; i < 500; i++) setReading(doc, { paperId: id, memberId: `m${String(i).padStart(3, '0')}`, state: 'read' })
  })
  renderClub(doc, () => <PaperReading paperId={id} />)
  const readers = screen.getByRole('list', { name: 'Who is reading or has read it' })
  const items = within(readers).getAllByRole('listitem')
  expect(items.length).toBe(41)
  expect(items.at(-1)!.textContent).toBe('and 460 more')
})
