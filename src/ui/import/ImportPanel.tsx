import { Show, Suspense, createSignal, onMount } from 'solid-js'
import type { JSX } from 'solid-js'
import { InvalidInputError, addPaper } from '../../doc/ops.js'
import type { PaperInput } from '../../doc/ops.js'
import { parsePaste } from '../paste.js'
import { useShortlist } from '../ShortlistContext.js'
import { showToast } from '../toasts.js'
import { showPaper } from '../listFocus.js'
import type { PaperId } from '../../doc/ids.js'
import { AddByTitle } from './AddByTitle.js'
import { createImportFlow, progressText } from './importFlow.js'
import type { ImportPhase } from './importFlow.js'
import { takeSharedText } from './pendingShare.js'
import '../import.css'
import { lazyPreloaded } from '../lazyPreloaded.js'

export { progressText } from './importFlow.js'

/** The preview shows only after the parsers loaded; it loads with them. */
const ImportPreview = lazyPreloaded(() => import('./ImportPreview.js').then((module) => ({ default: module.ImportPreview })))

/** Largest file read (bytes); the parser refuses more than this anyway. */
const MAX_FILE_BYTES = 20_000_000

/** True for a box holding one id or link: added at once, nothing to preview. */
const isSingleToken = (input: string): boolean => !/\s/.test(input)

/**
 * The one Add box: an arXiv id or link, a DOI, any link, BibTeX, RIS, CSL-JSON or a whole
 * copied page of papers, pasted, chosen as a file or dropped. A single id or link is added at
 * once; anything more is read (in slices, with progress) and previewed, then added in one
 * transaction (`importFlow.ts`). Papers added by id alone show "details pending" until a
 * lookup fills them. `onAdded` hears the ids of every add (the first one is the one to show).
 */
export function ImportPanel(props: { onAdded?: (ids: PaperId[]) => void } = {}) {
  const { session, identity } = useShortlist()
  const [text, setText] = createSignal('')
  const [error, setError] = createSignal('')
  const [formOpen, setFormOpen] = createSignal(false)
  const flow = createImportFlow(session.doc, identity.memberId, {
    onError: setError,
    onAdded: (ids) => {
      setText('')
      props.onAdded?.(ids)
    },
  })
  let textarea: HTMLTextAreaElement | undefined
  let formToggle: HTMLButtonElement | undefined
  // the form takes focus when it opens (AddByTitle); closing it, by its button or by adding, gives focus back here
  const closeForm = () => {
    setFormOpen(false)
    formToggle?.focus()
  }

  const addOne = (input: PaperInput): boolean => {
    try {
      const { id, created } = addPaper(session.doc, input, identity.memberId)
      showToast(created ? 'Paper added' : 'Already on the list', { label: 'Show', run: () => showPaper(id) })
      setError('')
      props.onAdded?.([id])
      return true
    } catch (caught) {
      setError(caught instanceof InvalidInputError ? caught.message : 'That could not be added.')
      return false
    }
  }
  const submit = () => {
    const input = text().trim()
    if (!input) return
    const single = isSingleToken(input) ? parsePaste(input) : null
    if (single) {
      if (addOne(single)) setText('')
      return
    }
    void flow.preview(input, 'pasted text')
  }
  const readFile = async (file: File) => {
    if (file.size > MAX_FILE_BYTES) return setError(`${file.name} is too large to import (over 20 MB); split it into smaller files.`)
    try {
      await flow.preview(await file.text(), file.name)
    } catch {
      setError(`${file.name} could not be read.`)
    }
  }
  const readDroppedText = (dropped: string) => {
    setText(dropped)
    void flow.preview(dropped, 'dropped text')
  }

  // a shared single id is still previewed: the member came from another app and should see what lands
  onMount(() => {
    const shared = takeSharedText(session.listId)
    if (!shared) return
    setText(shared)
    void flow.preview(shared, 'shared text')
    queueMicrotask(() => textarea?.scrollIntoView?.({ block: 'center' }))
  })

  return (
    <DropZone onFile={(file) => void readFile(file)} onText={readDroppedText}>
      <PasteForm text={text()} onText={setText} onSubmit={submit} ref={(element) => (textarea = element)} />
      <div class="import-tools">
        <FileChooser onFile={(file) => void readFile(file)} />
        <span class="muted small drop-hint">or drop one here</span>
        <button type="button" class="link-button" ref={formToggle} aria-expanded={formOpen()} onClick={() => (formOpen() ? closeForm() : setFormOpen(true))}>
          {formOpen() ? 'Close the form' : 'Add by title instead'}
        </button>
      </div>
      <Show when={error()}><p class="error" role="alert">{error()}</p></Show>
      <ImportStatus phase={flow.phase()} adding={flow.adding()} onAdd={() => void flow.addAll()} onCancel={flow.cancel} />
      <Show when={formOpen()}>
        <AddByTitle onAdd={addOne} onError={setError} onDone={closeForm} />
      </Show>
    </DropZone>
  )
}

/** The Add panel's frame: takes a dropped file, or dropped text, and shows when something is dragged over it. */
function DropZone(props: { onFile: (file: File) => void; onText: (text: string) => void; children: JSX.Element }) {
  const [dragging, setDragging] = createSignal(false)
  const onDrop = (event: DragEvent) => {
    event.preventDefault()
    setDragging(false)
    const file = event.dataTransfer?.files?.[0]
    if (file) return props.onFile(file)
    const dropped = event.dataTransfer?.getData('text/plain') ?? ''
    if (dropped.trim()) props.onText(dropped)
  }
  return (
    <section
      class="add-paper import-panel"
      classList={{ dragging: dragging() }}
      aria-label="Add papers"
      onDragOver={(event) => {
        if (!event.dataTransfer?.types.some((type) => type === 'Files' || type === 'text/plain')) return
        event.preventDefault()
        setDragging(true)
      }}
      onDragLeave={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false)
      }}
      onDrop={onDrop}
    >
      {props.children}
    </section>
  )
}

/** The paste box: Enter adds a one-line paste; longer pastes keep Enter for new lines (Ctrl+Enter adds). */
function PasteForm(props: { text: string; onText: (text: string) => void; onSubmit: () => void; ref: (element: HTMLTextAreaElement) => void }) {
  const submit = (event: Event) => {
    event.preventDefault()
    props.onSubmit()
  }
  return (
    <form class="paste-form" onSubmit={submit}>
      <label class="visually-hidden" for="paste-input">arXiv id, DOI or link, BibTeX, RIS, CSL-JSON or a copied page of papers</label>
      <textarea
        ref={props.ref}
        id="paste-input"
        name="paste"
        rows="1"
        autocomplete="off"
        spellcheck={false}
        placeholder="Paste an arXiv id, DOI, link, BibTeX or a page of papers"
        value={props.text}
        onInput={(event) => props.onText(event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && !event.shiftKey && (event.ctrlKey || event.metaKey || !props.text.includes('\n'))) submit(event)
        }}
      />
      <button type="submit" class="primary">Add</button>
    </form>
  )
}

/** "Choose a file": BibTeX, RIS, CSL-JSON or text. */
function FileChooser(props: { onFile: (file: File) => void }) {
  return (
    <label class="link-button file-button">
      Choose a file
      <input
        type="file"
        class="visually-hidden"
        accept=".bib,.bibtex,.ris,.json,.txt,text/plain,application/json,application/x-bibtex"
        onChange={(event) => {
          const file = event.currentTarget.files?.[0]
          event.currentTarget.value = ''
          if (file) props.onFile(file)
        }}
      />
    </label>
  )
}

/** Progress while a text is read, then the preview with its Add and Cancel buttons. */
function ImportStatus(props: { phase: ImportPhase; adding: boolean; onAdd: () => void; onCancel: () => void }) {
  const reading = () => (props.phase.step === 'reading' ? props.phase : null)
  const previewing = () => (props.phase.step === 'preview' ? props.phase : null)
  return (
    <>
      <Show when={reading()}>
        {(current) => (
          <div class="import-progress" role="status" aria-live="polite">
            <span>{progressText(current().done, current().total)}</span>
            <Show when={current().total > 1}>
              <progress max={current().total} value={current().done} />
            </Show>
            <button type="button" class="link-button" onClick={() => props.onCancel()}>Cancel</button>
          </div>
        )}
      </Show>
      <Show when={previewing()}>
        {(current) => (
          <Suspense>
            <ImportPreview preview={current().preview} busy={props.adding} onAdd={props.onAdd} onCancel={props.onCancel} />
          </Suspense>
        )}
      </Show>
    </>
  )
}
