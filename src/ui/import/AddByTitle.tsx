import { onMount } from 'solid-js'
import { FIELD_LIMITS } from '../../doc/limits.js'
import type { PaperInput } from '../../doc/ops.js'
import { escapeCloses } from '../components/ModalDialog.js'

/**
 * The small form for a paper with no id or link: title required, the rest optional. It takes
 * focus (its title field) when it opens; Escape closes it (`onDone`, which gives focus back).
 */
export function AddByTitle(props: { onAdd: (input: PaperInput) => boolean; onError: (message: string) => void; onDone: () => void }) {
  let title: HTMLInputElement | undefined
  onMount(() => title?.focus())
  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault()
    const form = event.currentTarget as HTMLFormElement
    const data = new FormData(form)
    const field = (name: string) => String(data.get(name) ?? '').trim()
    const title = field('title')
    if (!title) return props.onError('A paper needs a title.')
    const input: PaperInput = { title }
    const authors = field('authors')
    if (authors) input.authors = authors.split(/\s*[,;]\s*|\s+and\s+/).filter(Boolean)
    if (field('url')) input.url = field('url')
    if (field('published')) input.published = field('published')
    if (field('abstract')) input.abstract = field('abstract')
    if (props.onAdd(input)) {
      form.reset()
      props.onDone()
    }
  }
  return (
    <form class="paper-form" aria-label="Add a paper by title" onSubmit={onSubmit} onKeyDown={escapeCloses(() => props.onDone())}>
      <label>Title <input ref={title} name="title" required maxlength={FIELD_LIMITS.title} /></label>
      <label>Authors <input name="authors" placeholder="Ada Lovelace, Alan Turing" /></label>
      <label>Link <input name="url" type="url" placeholder="https://…" /></label>
      <label>Published <input name="published" placeholder="YYYY-MM-DD" pattern="\d{4}(-\d{2}(-\d{2})?)?" /></label>
      <label>Abstract <textarea name="abstract" rows="3" /></label>
      <button type="submit" class="primary">Add paper</button>
    </form>
  )
}
