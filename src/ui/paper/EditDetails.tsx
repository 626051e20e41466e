import { For, Show, createSignal, onMount } from 'solid-js'
import type { PaperId } from '../../doc/ids.js'
import { InvalidInputError, editPaper } from '../../doc/ops.js'
import type { Paper } from '../../doc/schema.js'
import { useShortlist } from '../ShortlistContext.js'
import { LINK_FIELDS, checkDetails, valuesOf } from './detailsForm.js'
import type { DetailsField, DetailsValues } from './detailsForm.js'
import { TagEditor } from './TagEditor.js'
import { escapeCloses } from '../components/ModalDialog.js'
import './paper.css'

/**
 * Edits a paper's details by hand: title, authors, date, links, abstract (saved together) and
 * tags (each add or remove applied at once). Only changed fields are written, and each is
 * marked edited, so a metadata lookup never overwrites it. Focus moves to the title when the
 * form opens; `onClose` returns it to the opener.
 */
export default function EditDetails(props: { paper: Paper; onClose: (saved: boolean) => void }) {
  const { session } = useShortlist()
  const id = props.paper.id as PaperId
  // what the form opened with: a field is edited only if its value differs from this
  const initial: DetailsValues = valuesOf(props.paper)
  const [errors, setErrors] = createSignal<Partial<Record<DetailsField, string>>>({})
  const [failure, setFailure] = createSignal('')
  let form!: HTMLFormElement
  let title!: HTMLInputElement
  onMount(() => title.focus())

  const read = (): DetailsValues => {
    const data = new FormData(form)
    const text = (name: DetailsField) => String(data.get(name) ?? '')
    return { title: text('title'), authors: text('authors'), published: text('published'), url: text('url'), pdfUrl: text('pdfUrl'), codeUrl: text('codeUrl'), abstract: text('abstract') }
  }
  const save = (event: SubmitEvent) => {
    event.preventDefault()
    setFailure('')
    const check = checkDetails(read(), initial)
    if (!check.ok) {
      setErrors(check.errors)
      const first = Object.keys(check.errors)[0]
      form.querySelector<HTMLElement>(`[name="${first}"]`)?.focus()
      return
    }
    setErrors({})
    try {
      if (check.changed.length) editPaper(session.doc, id, check.edit)
      props.onClose(check.changed.length > 0)
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error
      setFailure(error.message)
    }
  }
  const invalid = (field: DetailsField) => (errors()[field] ? 'true' : undefined)
  const describedBy = (field: DetailsField, hint?: string) => [errors()[field] ? `edit-${field}-error` : '', hint ?? ''].filter(Boolean).join(' ') || undefined
  const ErrorLine = (line: { field: DetailsField }) => (
    <Show when={errors()[line.field]}>{(message) => <p class="field-error" id={`edit-${line.field}-error`}>{message()}</p>}</Show>
  )

  return (
    <section class="edit-details" aria-labelledby="edit-details-heading">
      <h2 id="edit-details-heading">Edit details</h2>
      <form ref={form} onSubmit={save} noValidate onKeyDown={escapeCloses(() => props.onClose(false))}>
        <div class="field">
          <label for="edit-title">Title</label>
          <input id="edit-title" ref={title} name="title" value={initial.title} required maxLength={2_000}
            aria-invalid={invalid('title')} aria-describedby={describedBy('title')} />
          <ErrorLine field="title" />
        </div>
        <div class="field">
          <label for="edit-authors">Authors</label>
          <textarea id="edit-authors" name="authors" rows="3" value={initial.authors} aria-describedby="edit-authors-hint" />
          <p class="field-hint" id="edit-authors-hint">One author per line.</p>
        </div>
        <div class="field">
          <label for="edit-published">Published</label>
          <input id="edit-published" name="published" value={initial.published} inputMode="numeric" placeholder="YYYY-MM-DD"
            aria-invalid={invalid('published')} aria-describedby={describedBy('published', 'edit-published-hint')} />
          <p class="field-hint" id="edit-published-hint">Year, year and month, or the full date.</p>
          <ErrorLine field="published" />
        </div>
        <For each={LINK_FIELDS}>
          {(link) => (
            <div class="field">
              <label for={`edit-${link.field}`}>{link.label}</label>
              <input id={`edit-${link.field}`} name={link.field} type="url" inputMode="url" value={initial[link.field]} placeholder="https://"
                aria-invalid={invalid(link.field)} aria-describedby={describedBy(link.field)} />
              <ErrorLine field={link.field} />
            </div>
          )}
        </For>
        <div class="field">
          <label for="edit-abstract">Abstract</label>
          <textarea id="edit-abstract" name="abstract" rows="6" value={initial.abstract} />
        </div>
        <div class="field">
          <span id="edit-tags-label" class="field-label muted small">Tags (saved as you change them)</span>
          <div role="group" aria-labelledby="edit-tags-label"><TagEditor paperId={id} idPrefix="edit-tag" /></div>
        </div>
        <Show when={failure()}><p class="field-error" role="alert">{failure()}</p></Show>
        <Show when={Object.keys(errors()).length}><p class="field-error" role="alert">Please fix the fields marked above.</p></Show>
        <div class="form-actions">
          <button type="submit" class="primary">Save details</button>
          <button type="button" onClick={() => props.onClose(false)}>Cancel</button>
        </div>
      </form>
    </section>
  )
}
