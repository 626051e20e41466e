import { For, Show, createSignal } from 'solid-js'
import { readMeta } from '../../doc/queries.js'
import { useShortlist } from '../ShortlistContext.js'
import { downloadText } from '../download.js'
import type { ExportKind } from './exportList.js'
import '../import.css'

const CHOICES: { kind: ExportKind; label: string; hint: string }[] = [
  { kind: 'bibtex', label: 'BibTeX', hint: '.bib, for LaTeX and reference managers' },
  { kind: 'csl-json', label: 'CSL-JSON', hint: 'for Zotero and citation tools' },
  { kind: 'csv', label: 'CSV', hint: 'for spreadsheets, with votes' },
  { kind: 'markdown', label: 'Markdown', hint: 'meeting notes, with votes and notes' },
  { kind: 'backup', label: 'Full backup', hint: 'JSON, restores into a new list' },
]

/** The export menu of a list: each choice downloads a file named after the list. */
export function ExportMenu() {
  const { session } = useShortlist()
  const [error, setError] = createSignal('')
  let details: HTMLDetailsElement | undefined
  const run = async (kind: ExportKind) => {
    setError('')
    try {
      const { buildExport } = await import('./exportList.js')
      const file = buildExport(session.doc, kind, readMeta(session.doc).name || 'shortlist')
      downloadText(file.filename, file.type, file.text)
      if (details) details.open = false
    } catch {
      setError('The export could not be made. If you are offline, try again once this page has loaded online.')
    }
  }
  return (
    <details class="export-menu" ref={details}>
      <summary>Export</summary>
      <div class="export-choices" role="group" aria-label="Export the list">
        <For each={CHOICES}>
          {(choice) => (
            <button type="button" class="export-choice" onClick={() => void run(choice.kind)}>
              <span class="export-label">{choice.label}</span>
              <span class="muted small">{choice.hint}</span>
            </button>
          )}
        </For>
        <Show when={error()}><p class="error" role="alert">{error()}</p></Show>
      </div>
    </details>
  )
}
