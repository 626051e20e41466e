import { For, Show, createSignal } from 'solid-js'
import { readMeta } from '../../doc/queries.js'
import { useShortlist } from '../ShortlistContext.js'
import { downloadText } from '../download.js'
import { ModalDialog } from '../components/ModalDialog.js'
import type { ExportKind } from './exportList.js'
import '../import.css'

const CHOICES: { kind: ExportKind; label: string; hint: string }[] = [
  { kind: 'bibtex', label: 'BibTeX', hint: '.bib, for LaTeX and reference managers' },
  { kind: 'csl-json', label: 'CSL-JSON', hint: 'for Zotero and citation tools' },
  { kind: 'csv', label: 'CSV', hint: 'for spreadsheets, with votes' },
  { kind: 'markdown', label: 'Markdown', hint: 'meeting notes, with votes and notes' },
  { kind: 'backup', label: 'Full backup', hint: 'JSON, restores into a new list' },
]

/**
 * The export dialog, opened from the list menu ("Export…") and loaded on first use: each
 * choice downloads a file named after the list and closes the dialog. Focus moves to the
 * first choice; Escape or Close closes it and the menu button gets focus back.
 */
export default function ExportDialog(props: { onClose: () => void }) {
  const { session } = useShortlist()
  const [error, setError] = createSignal('')
  let dialog!: HTMLDialogElement
  const run = async (kind: ExportKind) => {
    setError('')
    try {
      const { buildExport } = await import('./exportList.js')
      const file = buildExport(session.doc, kind, readMeta(session.doc).name || 'shortlist')
      downloadText(file.filename, file.type, file.text)
      dialog.close()
    } catch {
      setError('The export could not be made. If you are offline, try again once this page has loaded online.')
    }
  }
  return (
    <ModalDialog ref={(element) => (dialog = element)} class="share-dialog list-dialog export-dialog" labelledBy="export-heading" focus=".export-choice" onClose={props.onClose}>
      <h2 id="export-heading">Export the list</h2>
      <div class="export-choices" role="group" aria-label="Export formats">
        <For each={CHOICES}>
          {(choice) => (
            <button type="button" class="export-choice" onClick={() => void run(choice.kind)}>
              <span class="export-label">{choice.label}</span>
              <span class="muted small">{choice.hint}</span>
            </button>
          )}
        </For>
      </div>
      <Show when={error()}><p class="error" role="alert">{error()}</p></Show>
      <form method="dialog"><button type="submit">Close</button></form>
    </ModalDialog>
  )
}
