import { onMount } from 'solid-js'
import type { PaperId } from '../../doc/ids.js'
import { ImportPanel } from '../import/ImportPanel.js'
import './addSheet.css'

/**
 * The Add sheet: a modal dialog rising from the bottom with the one Add box (paste, a file,
 * or by title). Focus moves into its paste box when it opens; Escape, Close or a finished
 * add closes it, and the opener gets focus back (`onClose`).
 */
export default function AddSheet(props: { onAdded: (ids: PaperId[]) => void; onClose: () => void }) {
  let dialog!: HTMLDialogElement
  onMount(() => {
    dialog.showModal()
    dialog.querySelector<HTMLTextAreaElement>('#paste-input')?.focus()
  })
  const added = (ids: PaperId[]) => {
    dialog.close()
    props.onAdded(ids)
  }
  return (
    <dialog ref={dialog} class="add-sheet" aria-labelledby="add-sheet-heading" onClose={() => props.onClose()}>
      <div class="add-sheet-head">
        <h2 id="add-sheet-heading">Add papers</h2>
        <form method="dialog"><button type="submit" class="sheet-close">Close</button></form>
      </div>
      <ImportPanel onAdded={added} />
    </dialog>
  )
}
