/**
 * The steps of one import, apart from how they look: read a text with the lazy parsers (in
 * slices, with progress; a newer read cancels an older one), split it into new and known
 * papers for the preview, then add it all in one transaction and say what happened.
 */
import { createSignal, onCleanup } from 'solid-js'
import type { Accessor } from 'solid-js'
import type * as Y from 'yjs'
import { importPapers, splitImport } from '../../doc/importPapers.js'
import type { ImportResult } from '../../doc/importPapers.js'
import type { PaperInput } from '../../doc/ops.js'
import type { PaperId } from '../../doc/ids.js'
import type { MemberId } from '../../doc/schema.js'
import { afterPaint } from '../afterPaint.js'
import { showPaper } from '../listFocus.js'
import { showToast } from '../toasts.js'
import type { PreviewData } from './ImportPreview.js'
import { readPapers } from './readPapers.js'
import type { PaperRead } from './readPapers.js'
import type { ParseResult } from '../../io/index.js'

/** BibTeX entries parsed between two yields to the page. */
const BATCH_SIZE = 100
/** Past this many papers, "Adding…" paints before the one transaction that adds them. */
const PAINT_FIRST_OVER = 50

/** Where an import stands. */
export type ImportPhase =
  | { step: 'idle' }
  | { step: 'reading'; done: number; total: number }
  | { step: 'preview'; preview: PreviewData; papers: PaperInput[] }

/** "Reading 400 of 1,000…" while a large file is parsed; "Reading…" for one-piece formats. */
export function progressText(done: number, total: number): string {
  return total > 1 ? `Reading ${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')}…` : 'Reading…'
}

/** What the preview shows for a read: new and known papers, and what was skipped and why. */
export function previewOf(doc: Y.Doc, result: ParseResult, source: string): Extract<ImportPhase, { step: 'preview' }> {
  const split = splitImport(doc, result.papers)
  const skipped = [...result.skipped]
  for (const paper of split.unusable) skipped.push({ line: 0, text: paper.title ?? '', reason: 'Nothing identifies this paper.' })
  return { step: 'preview', papers: [...split.fresh, ...split.existing], preview: { source, fresh: split.fresh, existing: split.existing, skipped } }
}

/** The toast after an import: "Added 12 papers, 3 already on the list, 1 refused". */
export function addedSummary(result: Pick<ImportResult, 'added' | 'merged' | 'refused'>): string {
  const parts = [`Added ${result.added.toLocaleString('en-US')} ${result.added === 1 ? 'paper' : 'papers'}`]
  if (result.merged) parts.push(`${result.merged.toLocaleString('en-US')} already on the list`)
  if (result.refused) parts.push(`${result.refused.toLocaleString('en-US')} refused`)
  return parts.join(', ')
}

/** One import's state and steps, owned by the calling component (a read in flight is cancelled on cleanup). */
export interface ImportFlow {
  phase: Accessor<ImportPhase>
  adding: Accessor<boolean>
  /** Reads `input` and shows the preview; `onError` gets a sentence if it cannot be read ('' clears it). */
  preview(input: string, source: string): Promise<void>
  cancel(): void
  /** Adds the previewed papers in one transaction, then calls `onAdded` with their ids. */
  addAll(): Promise<void>
}

/** What the panel hears from an import: a sentence to show ('' clears it), and which papers were added (input order). */
export interface ImportEvents {
  onError(message: string): void
  onAdded(ids: PaperId[]): void
}

/** Makes the import steps for one list and member. */
export function createImportFlow(doc: Y.Doc, memberId: MemberId, events: ImportEvents): ImportFlow {
  const { onError } = events
  const [phase, setPhase] = createSignal<ImportPhase>({ step: 'idle' })
  const [adding, setAdding] = createSignal(false)
  let generation = 0
  let reading: PaperRead | null = null

  const preview = async (input: string, source: string) => {
    const mine = ++generation
    onError('')
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
      if (mine === generation) setPhase(previewOf(doc, result, source))
    } catch {
      if (mine !== generation) return
      setPhase({ step: 'idle' })
      onError('The papers could not be read. If you are offline, the reader may not be on this device yet: try again online.')
    }
  }

  const cancel = () => {
    generation++
    reading?.cancel()
    setPhase({ step: 'idle' })
  }

  const addAll = async (): Promise<void> => {
    const current = phase()
    if (current.step !== 'preview' || adding()) return
    setAdding(true)
    try {
      if (current.papers.length > PAINT_FIRST_OVER) await new Promise<void>((resolve) => afterPaint(resolve))
      const started = performance.now()
      const result = importPapers(doc, current.papers, memberId)
      performance.measure?.('shortlist:import-add', { start: started, end: performance.now() })
      const first = result.ids[0]
      showToast(addedSummary(result), first ? { label: 'Show', run: () => showPaper(first) } : undefined)
      events.onAdded(result.ids)
      setPhase({ step: 'idle' })
    } finally {
      setAdding(false)
    }
  }

  onCleanup(() => {
    generation++
    reading?.cancel()
  })
  return { phase, adding, preview, cancel, addAll }
}
