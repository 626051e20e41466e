import { Show, Suspense, createSignal, onMount } from 'solid-js'
import type { PaperId } from '../../doc/ids.js'
import { hasSharedText } from '../import/pendingShare.js'
import { useShortlist } from '../ShortlistContext.js'
import { lazyPreloaded } from '../lazyPreloaded.js'

/** The sheet and the parsers behind it load on first use; the list's first paint stays light. */
const AddSheet = lazyPreloaded(() => import('./AddSheet.js'))

/**
 * The one Add control: a button that opens the Add sheet (an arXiv id, DOI or link, BibTeX,
 * RIS, CSL-JSON, a copied page of papers, a file, or a paper by title). Text shared from
 * another app opens the sheet at once. `onAdded` hears the ids added (to show the first);
 * focus returns to the button when the sheet closes.
 */
export function AddPaper(props: { onAdded: (ids: PaperId[]) => void }) {
  const { session } = useShortlist()
  const [open, setOpen] = createSignal(false)
  let button: HTMLButtonElement | undefined
  onMount(() => {
    if (hasSharedText(session.listId)) setOpen(true)
  })
  const close = () => {
    setOpen(false)
    button?.focus({ preventScroll: true })
  }
  return (
    <>
      <button ref={button} type="button" class="primary add-button" aria-haspopup="dialog" aria-expanded={open()} onClick={() => setOpen(true)}>
        <span aria-hidden="true">+ </span>Add<span class="visually-hidden"> papers</span>
      </button>
      <Show when={open()}>
        <Suspense>
          <AddSheet onAdded={props.onAdded} onClose={close} />
        </Suspense>
      </Show>
    </>
  )
}
