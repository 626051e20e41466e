import { For, Show } from 'solid-js'
import type { PaperInput } from '../../doc/ops.js'
import type { SkippedItem } from '../../io/types.js'

/** What an import would do, as the preview shows it. */
export interface PreviewData {
  /** Where the text came from: "pasted text" or a file name. */
  source: string
  fresh: PaperInput[]
  existing: PaperInput[]
  skipped: SkippedItem[]
}

/** Most titles and skipped lines listed; the rest are counted. */
const SHOWN = 100

const plural = (count: number, one: string, many = `${one}s`) => `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`

/** The add button's label: what one click will do. */
export function addLabel(preview: Pick<PreviewData, 'fresh' | 'existing'>): string {
  if (preview.fresh.length) return `Add ${plural(preview.fresh.length, 'paper')}`
  if (preview.existing.length) return `Update ${plural(preview.existing.length, 'paper')}`
  return 'Nothing to add'
}

/** One-line summary: "12 new, 3 already in the list, 1 skipped". */
export function previewSummary(preview: Pick<PreviewData, 'fresh' | 'existing' | 'skipped'>): string {
  return `${preview.fresh.length.toLocaleString('en-US')} new, ${preview.existing.length.toLocaleString('en-US')} already in the list, ${preview.skipped.length.toLocaleString('en-US')} skipped`
}

const titleOf = (paper: PaperInput): string =>
  paper.title || (paper.arxivId ? `arXiv:${paper.arxivId}` : paper.doi ? `doi:${paper.doi}` : paper.url ?? '')

/**
 * The preview of an import: counts, what was skipped and why, and the papers to add (titles,
 * or the id for papers whose details a lookup fills in later). Text from the input renders
 * as text only.
 */
export function ImportPreview(props: { preview: PreviewData; busy: boolean; onAdd: () => void; onCancel: () => void }) {
  const total = () => props.preview.fresh.length + props.preview.existing.length
  const shownPapers = () => [
    ...props.preview.fresh.slice(0, SHOWN).map((paper) => ({ paper, existing: false })),
    ...props.preview.existing.slice(0, Math.max(0, SHOWN - props.preview.fresh.length)).map((paper) => ({ paper, existing: true })),
  ]
  return (
    <section class="import-preview card" aria-label="Import preview">
      <p class="import-summary" role="status" data-testid="import-summary">
        <strong>{previewSummary(props.preview)}</strong>
        <span class="muted small"> · from {props.preview.source}</span>
      </p>
      <Show when={props.preview.skipped.length}>
        <details class="import-skipped" open={props.preview.skipped.length <= 5}>
          <summary>Skipped ({props.preview.skipped.length.toLocaleString('en-US')})</summary>
          <ul>
            <For each={props.preview.skipped.slice(0, SHOWN)}>
              {(item) => (
                <li>
                  <span class="skip-line">Line {item.line}:</span> <span class="skip-reason">{item.reason}</span>
                  <Show when={item.text}><span class="skip-text">{item.text}</span></Show>
                </li>
              )}
            </For>
          </ul>
          <Show when={props.preview.skipped.length > SHOWN}>
            <p class="muted small">…and {(props.preview.skipped.length - SHOWN).toLocaleString('en-US')} more.</p>
          </Show>
        </details>
      </Show>
      <Show when={total()}>
        <ol class="import-titles" aria-label="Papers to add">
          <For each={shownPapers()}>
            {(entry) => (
              <li classList={{ existing: entry.existing }}>
                <span class="import-title">{titleOf(entry.paper)}</span>
                <Show when={entry.existing}><span class="muted small"> (already in the list)</span></Show>
                <Show when={!entry.existing && !entry.paper.title}><span class="muted small"> (details filled in later)</span></Show>
              </li>
            )}
          </For>
        </ol>
        <Show when={total() > SHOWN}>
          <p class="muted small">…and {(total() - SHOWN).toLocaleString('en-US')} more.</p>
        </Show>
      </Show>
      <div class="import-actions">
        <button type="button" class="primary" disabled={props.busy || total() === 0} onClick={() => props.onAdd()}>
          {props.busy ? 'Adding…' : addLabel(props.preview)}
        </button>
        <button type="button" onClick={() => props.onCancel()} disabled={props.busy}>Cancel</button>
      </div>
    </section>
  )
}
