/** The edit-details form and the tag editor, over a real Y.Doc in a list context. */
import { fireEvent, screen, waitFor, within } from '@solidjs/testing-library'
import { describe, expect, test } from 'vitest'
import { addPaper, fillPaperDetails } from '../../src/doc/ops.js'
import { readPaper } from '../../src/doc/queries.js'
import EditDetails from '../../src/ui/paper/EditDetails.js'
import { TagEditor } from '../../src/ui/paper/TagEditor.js'
import { RowTags } from '../../src/ui/components/RowTags.js'
import { checkDetails, valuesOf } from '../../src/ui/paper/detailsForm.js'
import { renderClub, useFreshClubDocs } from './clubTestKit.js'

const freshDoc = useFreshClubDocs()

describe('checkDetails', () => {
  const paper = () => {
    const doc = freshDoc()
    const { id } = addPaper(doc, { title: 'Old', authors: ['A. One'], url: 'https://example.org/p' }, 'ada', 1)
    return valuesOf(readPaper(doc, id)!)
  }
  test('a title is required, links must be http(s), dates partial ISO; nothing is edited then', () => {
    const initial = paper()
    const check = checkDetails({ ...initial, title: '  ', codeUrl: 'javascript:alert(1)', pdfUrl: 'ftp://x', published: '2024-13' }, initial)
    expect(check).toEqual({ ok: false, errors: {
      title: 'A paper needs a title.', codeUrl: 'Code link: only http:// or https:// links.', pdfUrl: 'PDF link: only http:// or https:// links.',
      published: 'Date: YYYY, YYYY-MM or YYYY-MM-DD.',
    } })
  })
  test('only fields that changed are in the edit (white space and line ends do not count)', () => {
    const initial = paper()
    expect(checkDetails({ ...initial, title: ' Old ', authors: 'A. One\n\n' }, initial)).toEqual({ ok: true, edit: {}, changed: [] })
    expect(checkDetails({ ...initial, authors: 'A. One\nB. Two', published: '2024-05', codeUrl: ' https://github.com/a/b ' }, initial)).toEqual({
      ok: true, changed: ['published', 'codeUrl', 'authors'], edit: { published: '2024-05', codeUrl: 'https://github.com/a/b', authors: ['A. One', 'B. Two'] },
    })
  })
})

describe('EditDetails', () => {
  test('focus moves to the title; a bad link is refused with its reason; a valid save writes only the changed fields', async () => {
    const doc = freshDoc()
    const { id } = addPaper(doc, { arxivId: '2401.00001' }, 'ada', 1)
    const closed: boolean[] = []
    renderClub(doc, () => <EditDetails paper={readPaper(doc, id)!} onClose={(saved) => closed.push(saved)} />)
    const title = screen.getByLabelText('Title') as HTMLInputElement
    expect(document.activeElement).toBe(title)

    fireEvent.input(title, { target: { value: 'Hand-written title' } })
    fireEvent.input(screen.getByLabelText('Code link'), { target: { value: 'javascript:alert(1)' } })
    fireEvent.submit(title.form!)
    expect(screen.getByText('Code link: only http:// or https:// links.')).toBeTruthy()
    expect(screen.getByLabelText('Code link').getAttribute('aria-invalid')).toBe('true')
    expect(document.activeElement).toBe(screen.getByLabelText('Code link'))
    expect(readPaper(doc, id)!.editedFields).toEqual([])
    expect(closed).toEqual([])

    fireEvent.input(screen.getByLabelText('Code link'), { target: { value: 'https://github.com/org/repo' } })
    fireEvent.submit(title.form!)
    expect(closed).toEqual([true])
    expect(readPaper(doc, id)).toMatchObject({ title: 'Hand-written title', codeUrl: 'https://github.com/org/repo', pending: false })
    expect(readPaper(doc, id)!.editedFields.sort()).toEqual(['codeUrl', 'title'])

    // a later lookup fills what nobody edited and leaves the edited fields alone
    fillPaperDetails(doc, id, { title: 'Title from the lookup', abstract: 'From the lookup', codeUrl: 'https://example.org/other' })
    expect(readPaper(doc, id)).toMatchObject({ title: 'Hand-written title', abstract: 'From the lookup', codeUrl: 'https://github.com/org/repo' })
  })

  test('an empty title keeps the form open with an alert; Escape and Cancel close without saving', () => {
    const doc = freshDoc()
    const { id } = addPaper(doc, { title: 'Keep' }, 'ada', 1)
    const closed: boolean[] = []
    renderClub(doc, () => <EditDetails paper={readPaper(doc, id)!} onClose={(saved) => closed.push(saved)} />)
    const title = screen.getByLabelText('Title') as HTMLInputElement
    fireEvent.input(title, { target: { value: '   ' } })
    fireEvent.submit(title.form!)
    expect(screen.getByRole('alert').textContent).toBe('Please fix the fields marked above.')
    expect(screen.getByText('A paper needs a title.')).toBeTruthy()
    expect(readPaper(doc, id)!.title).toBe('Keep')
    fireEvent.keyDown(title, { key: 'Escape' })
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }))
    expect(closed).toEqual([false, false])
  })
})

describe('TagEditor and RowTags', () => {
  test('a tag is added with Enter or from the list\'s suggestions, shown on the row, and removed from its chip', async () => {
    const doc = freshDoc()
    addPaper(doc, { title: 'Other', tags: ['vision', 'robotics'] }, 'bo', 1)
    const { id } = addPaper(doc, { title: 'Mine' }, 'ada', 2)
    const { container } = renderClub(doc, () => <><TagEditor paperId={id} /><RowTags id={id} /></>)
    expect(screen.getByText('No tags yet.')).toBeTruthy()
    const field = screen.getByLabelText('Add a tag') as HTMLInputElement
    fireEvent.focus(field)
    const suggestions = screen.getByRole('list', { name: 'Tags used in this list' })
    expect(within(suggestions).getAllByRole('button').map((button) => button.textContent)).toEqual(['+ robotics', '+ vision'])

    fireEvent.input(field, { target: { value: '  Diffusion Models ' } })
    fireEvent.keyDown(field, { key: 'Enter' })
    fireEvent.input(field, { target: { value: 'vis' } })
    fireEvent.click(screen.getByRole('button', { name: '+ vision, add tag' }))
    expect(readPaper(doc, id)!.tags).toEqual(['diffusion models', 'vision'])
    await waitFor(() => expect(container.querySelector('.row-tags')!.textContent).toBe('Tags:diffusion modelsvision'))

    fireEvent.click(screen.getByRole('button', { name: 'diffusion models, remove tag' }))
    expect(readPaper(doc, id)!.tags).toEqual(['vision'])
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'vision, remove tag' })))

    fireEvent.input(field, { target: { value: '   ' } })
    fireEvent.click(screen.getByRole('button', { name: 'Add tag' }))
    expect(screen.getByRole('alert').textContent).toBe('A tag needs a letter or a digit.')
  })

  test('a reader sees the tags but no controls', () => {
    const doc = freshDoc()
    const { id } = addPaper(doc, { title: 'Mine', tags: ['nlp'] }, 'ada', 2)
    renderClub(doc, () => <TagEditor paperId={id} />, { readOnly: true })
    expect(screen.getByRole('list', { name: 'Tags' }).textContent).toBe('nlp')
    expect(screen.queryByRole('button')).toBeNull()
    expect(screen.queryByLabelText('Add a tag')).toBeNull()
  })
})
