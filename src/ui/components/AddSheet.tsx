import type { PaperId } from '../../doc/ids.js'
import { ImportPanel } from '../import/ImportPanel.js'
import { ModalDialog } from './ModalDialog.js'
import './addSheet.css'

/**
 * The Add sheet: a modal dialog rising from the bottom with the one Add box (paste, a file,
 * or by title). Focus moves into its paste box when it opens; Escape, Close or a finished
 * add closes it, and the opener gets focus back (`onClose`).
 */
export default function AddSheet(props: { onAdded: (ids: PaperId[]) => void; onClose: () => void }) {
  let dialog!: HTMLDialogElement
  const added = (ids: PaperId[]) => {
    dialog.close()
    props.onAdded(ids)
  }
  return (
    <ModalDialog ref={(element) => (dialog = element)} class="add-sheet" labelledBy="add-sheet-heading" focus="#paste-input" onClose={props.onClose}>
      <div class="add-sheet-head">
        <h2 id="add-sheet-heading">Add papers</h2>
        <form method="dialog"><button type="submit" class="sheet-close">Close</button></form>
      </div>
      <ImportPanel onAdded={added} />
    </ModalDialog>
  )
}
