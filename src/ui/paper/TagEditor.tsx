import { For, Show, createSignal } from 'solid-js'
import type { PaperId } from '../../doc/ids.js'
import { InvalidInputError } from '../../doc/ops.js'
import { addTag, listTags, removeTag, suggestTags } from '../../doc/tags.js'
import type { TagCount } from '../../doc/tags.js'
import { useShortlist } from '../ShortlistContext.js'
import './paper.css'

/** How many suggestions show under the tag field. */
const SUGGESTIONS = 6

/**
 * A paper's tags: each a chip that removes it, a field that adds one (Enter or "Add tag"),
 * and the list's other tags offered as one-tap suggestions. Every add and remove is its own
 * edit of one tag, applied at once, so a peer's tag edits meanwhile are kept. Readers see the tags only.
 */
export function TagEditor(props: { paperId: PaperId; idPrefix?: string }) {
  const { session, view, readOnly } = useShortlist()
  const doc = session.doc
  const tags = () => view.paper(props.paperId)?.tags ?? []
  const [typed, setTyped] = createSignal('')
  const [error, setError] = createSignal('')
  // the list's tags are read when the field is used, not on every change of the list
  const [known, setKnown] = createSignal<TagCount[]>([])
  const refreshKnown = () => setKnown(listTags(doc))
  const suggestions = () => suggestTags(known(), typed(), tags(), SUGGESTIONS)
  const fieldId = () => `${props.idPrefix ?? 'tag'}-input`
  let input: HTMLInputElement | undefined

  const add = (raw: string) => {
    setError('')
    try {
      addTag(doc, props.paperId, raw)
      setTyped('')
      if (input) input.value = ''
      refreshKnown()
    } catch (failure) {
      if (!(failure instanceof InvalidInputError)) throw failure
      setError(failure.message)
    }
    input?.focus()
  }
  const remove = (tag: string, at: number) => {
    removeTag(doc, props.paperId, tag)
    // keep focus in the tag list: on the next chip, else the field
    queueMicrotask(() => {
      const chips = document.querySelectorAll<HTMLButtonElement>(`[data-tag-chips="${fieldId()}"] button`)
      ;(chips[Math.min(at, chips.length - 1)] ?? input)?.focus()
    })
  }

  return (
    <div class="tag-editor">
      <Show when={tags().length} fallback={<p class="muted small">No tags yet.</p>}>
        <ul class="tag-chips" aria-label="Tags" data-tag-chips={fieldId()}>
          <For each={tags()}>
            {(tag, index) => (
              <li>
                <Show when={!readOnly} fallback={<span class="tag-chip">{tag}</span>}>
                  <button type="button" class="tag-chip" aria-label={`${tag}, remove tag`} onClick={() => remove(tag, index())}>
                    {tag}<span aria-hidden="true" class="tag-chip-x">×</span>
                  </button>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={!readOnly}>
        <div class="tag-add">
          <label for={fieldId()} class="visually-hidden">Add a tag</label>
          <input
            id={fieldId()}
            ref={input}
            placeholder="Add a tag"
            maxLength={120}
            autocomplete="off"
            aria-invalid={error() ? 'true' : undefined}
            aria-describedby={error() ? `${fieldId()}-error` : undefined}
            onFocus={refreshKnown}
            onInput={(event) => setTyped(event.currentTarget.value)}
            onKeyDown={(event) => {
              if (event.key !== 'Enter') return
              event.preventDefault()
              add(event.currentTarget.value)
            }}
          />
          <button type="button" onClick={() => add(input?.value ?? '')}>Add tag</button>
        </div>
        <Show when={error()}><p class="field-error" id={`${fieldId()}-error`} role="alert">{error()}</p></Show>
        <Show when={suggestions().length}>
          <ul class="tag-suggestions" aria-label="Tags used in this list">
            <For each={suggestions()}>
              {(tag) => <li><button type="button" class="tag-suggestion" aria-label={`+ ${tag}, add tag`} onClick={() => add(tag)}>+ {tag}</button></li>}
            </For>
          </ul>
        </Show>
      </Show>
    </div>
  )
}
