import { Show, Suspense, createSignal, lazy, onCleanup, onMount } from 'solid-js'
import { importPapers, splitImport } from '../../doc/importPapers.js'
import { InvalidInputError, addPaper } from '../../doc/ops.js'
import type { PaperInput } from '../../doc/ops.js'
import { afterPaint } from '../afterPaint.js'
import { parsePaste } from '../paste.js'
import { useShortlist } from '../ShortlistContext.js'
import { showToast } from '../toasts.js'
import { AddByTitle } from './AddByTitle.js'
import type { PreviewData } from './ImportPreview.js'
import { takeSharedText } from './pendingShare.js'
import { readPapers } from './readPapers.js'
import type { PaperRead } from './readPapers.js'
import '../import.css'

/** The preview shows only after the parsers loaded; it loads with them. */
const ImportPreview = lazy(() => import('./ImportPreview.js').then((module) => ({ default: module.ImportPreview })))

/** Largest file read (bytes); the parser refuses more than this anyway. */
const MAX_FILE_BYTES = 20_000_000
/** BibTeX entries parsed between two yields to the page. */
const BATCH_SIZE = 100

type Phase =
  | { step: 'idle' }
  | { step: 'reading'; done: number; total: number }
  | { step: 'preview'; preview: PreviewData; papers: PaperInput[] }

/** "Reading 400 of 1,000…" while a large file is parsed; "Reading…" for one-piece formats. */
export function progressText(done: number, total: number): string {
  return total > 1 ? `Reading ${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')}…` : 'Reading…'
}

/**
 * The one Add box: an arXiv id or link, a DOI, any link, BibTeX, RIS, CSL-JSON or a whole
 * copied page of papers, pasted, chosen as a file or dropped. A single id or link is added at
 * once; anything more is read (in slices, with progress) and previewed, then added in one
 * transaction. Papers added by id alone show "details pending" until a lookup fills them.
 */
export function ImportPanel() {
  const { session, identity } = useShortlist()
  const [text, setText] = createSignal('')
  const [error, setError] = createSignal('')
  const [phase, setPhase] = createSignal<Phase>({ step: 'idle' })
  const [adding, setAdding] = createSignal(false)
  const [formOpen, setFormOpen] = createSignal(false)
  const [dragging, setDragging] = createSignal(false)
  let generation = 0
  let reading: PaperRead | null = null
  let textarea: HTMLTextAreaElement | undefined

  const addOne = (input: PaperInput): boolean => {
    try {
      const { created } = addPaper(session.doc, input, identity.memberId)
      showToast(created ? 'Paper added' : 'Already on the list')
      setError('')
      return true
    } catch (caught) {
      setError(caught instanceof InvalidInputError ? caught.message : 'That could not be added.')
      return false
    }
  }

  /** Reads `input` with the lazy parsers and shows the preview; a newer read cancels an older one. */
  const preview = async (input: string, source: string) => {
    const mine = ++generation
    setError('')
    setPhase({ step: 'reading', done: 0, total: 0 })
    try {
      reading?.cancel()
      reading = readPapers(input, {
        batchSize: BATCH_SIZE,
        onProgress: (done, total) => {
          if (mine === generation) setPhase({ step: 'reading', done, total })
        },
      })
      const [result] = await Promise.all([reading.result, import('./ImportPreview.js')])
      if (mine !== generation) return
      const split = splitImport(session.doc, result.papers)
      const skipped = [...result.skipped]
      for (const paper of split.unusable) skipped.push({ line: 0, text: paper.title ?? '', reason: 'Nothing identifies this paper.' })
      setPhase({ step: 'preview', papers: [...split.fresh, ...split.existing], preview: { source, fresh: split.fresh, existing: split.existing, skipped } })
    } catch {
      if (mine !== generation) return
      setPhase({ step: 'idle' })
      setError('The papers could not be read. If you are offline, the reader may not be on this device yet: try again online.')
    }
  }

  const cancel = () => {
    generation++
    reading?.cancel()
    setPhase({ step: 'idle' })
  }

  const addAll = async () => {
    const current = phase()
    if (current.step !== 'preview' || adding()) return
    setAdding(true)
    try {
      // let "Adding…" paint before the one transaction that adds everything
      if (current.papers.length > 50) await new Promise<void>((resolve) => afterPaint(resolve))
      const started = performance.now()
      const result = importPapers(session.doc, current.papers, identity.memberId)
      performance.measure?.('shortlist:import-add', { start: started, end: performance.now() })
      const parts = [`Added ${result.added.toLocaleString('en-US')} ${result.added === 1 ? 'paper' : 'papers'}`]
      if (result.merged) parts.push(`${result.merged.toLocaleString('en-US')} already on the list`)
      if (result.refused) parts.push(`${result.refused.toLocaleString('en-US')} refused`)
      showToast(parts.join(', '))
      setText('')
      setPhase({ step: 'idle' })
    } finally {
      setAdding(false)
    }
  }

  const submit = (event?: Event) => {
    event?.preventDefault()
    const input = text().trim()
    if (!input) return
    // one id or link: nothing to preview, add it straight away
    if (!/\s/.test(input)) {
      const single = parsePaste(input)
      if (single) {
        if (addOne(single)) setText('')
        return
      }
    }
    void preview(input, 'pasted text')
  }

  const readFile = async (file: File) => {
    if (file.size > MAX_FILE_BYTES) return setError(`${file.name} is too large to import (over 20 MB); split it into smaller files.`)
    try {
      await preview(await file.text(), file.name)
    } catch {
      setError(`${file.name} could not be read.`)
    }
  }

  const onDrop = (event: DragEvent) => {
    event.preventDefault()
    setDragging(false)
    const file = event.dataTransfer?.files?.[0]
    if (file) return void readFile(file)
    const dropped = event.dataTransfer?.getData('text/plain') ?? ''
    if (dropped.trim()) {
      setText(dropped)
      void preview(dropped, 'dropped text')
    }
  }

  onMount(() => {
    const shared = takeSharedText(session.listId)
    if (shared) {
      setText(shared)
      submitShared(shared)
    }
  })
  // a shared single id is still previewed: the member came from another app and should see what lands
  const submitShared = (shared: string) => {
    void preview(shared, 'shared text')
    queueMicrotask(() => textarea?.scrollIntoView?.({ block: 'center' }))
  }
  onCleanup(() => {
    generation++
    reading?.cancel()
  })

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
      <form class="paste-form" onSubmit={submit}>
        <label class="visually-hidden" for="paste-input">arXiv id, DOI or link, BibTeX, RIS, CSL-JSON or a copied page of papers</label>
        <textarea
          ref={textarea}
          id="paste-input"
          name="paste"
          rows="1"
          autocomplete="off"
          spellcheck={false}
          placeholder="Paste an arXiv id, DOI, link, BibTeX or a page of papers"
          value={text()}
          onInput={(event) => setText(event.currentTarget.value)}
          onKeyDown={(event) => {
            // Enter adds when the box holds one line; longer pastes keep Enter for new lines (Ctrl+Enter adds)
            if (event.key === 'Enter' && !event.shiftKey && (event.ctrlKey || event.metaKey || !text().includes('\n'))) submit(event)
          }}
        />
        <button type="submit" class="primary">Add</button>
      </form>
      <div class="import-tools">
        <label class="link-button file-button">
          Choose a file
          <input
            type="file"
            class="visually-hidden"
            accept=".bib,.bibtex,.ris,.json,.txt,text/plain,application/json,application/x-bibtex"
            onChange={(event) => {
              const file = event.currentTarget.files?.[0]
              event.currentTarget.value = ''
              if (file) void readFile(file)
            }}
          />
        </label>
        <span class="muted small drop-hint">or drop one here</span>
        <button type="button" class="link-button" aria-expanded={formOpen()} onClick={() => setFormOpen(!formOpen())}>
          {formOpen() ? 'Close the form' : 'Add by title instead'}
        </button>
      </div>
      <Show when={error()}><p class="error" role="alert">{error()}</p></Show>
      <Show when={phase().step === 'reading' ? (phase() as Extract<Phase, { step: 'reading' }>) : null}>
        {(reading) => (
          <div class="import-progress" role="status" aria-live="polite">
            <span>{progressText(reading().done, reading().total)}</span>
            <Show when={reading().total > 1}>
              <progress max={reading().total} value={reading().done} />
            </Show>
            <button type="button" class="link-button" onClick={cancel}>Cancel</button>
          </div>
        )}
      </Show>
      <Show when={phase().step === 'preview' ? (phase() as Extract<Phase, { step: 'preview' }>) : null}>
        {(current) => (
          <Suspense>
            <ImportPreview preview={current().preview} busy={adding()} onAdd={() => void addAll()} onCancel={cancel} />
          </Suspense>
        )}
      </Show>
      <Show when={formOpen()}>
        <AddByTitle onAdd={addOne} onError={setError} onDone={() => setFormOpen(false)} />
      </Show>
    </section>
  )
}
