import { onMount } from 'solid-js'
import type { JSX } from 'solid-js'

/**
 * A modal dialog that opens when mounted and reports every way it closes (Escape, a Close
 * button in a `method="dialog"` form, `close()`) through `onClose`. The browser keeps focus
 * inside it and, on close, gives focus back to the control that had it. `focus` is a selector
 * for what takes focus first (else the browser's choice); `ref` hands out the element so the
 * content can close it. The one opening code for every sheet and dialog.
 */
export function ModalDialog(props: {
  class: string
  labelledBy: string
  onClose: () => void
  focus?: string
  ref?: (dialog: HTMLDialogElement) => void
  children: JSX.Element
}) {
  let dialog!: HTMLDialogElement
  onMount(() => {
    dialog.showModal()
    if (props.focus) dialog.querySelector<HTMLElement>(props.focus)?.focus()
  })
  return (
    <dialog ref={(element) => { dialog = element; props.ref?.(element) }} class={props.class} aria-labelledby={props.labelledBy} onClose={() => props.onClose()}>
      {props.children}
    </dialog>
  )
}

/**
 * A keydown handler for a form that opens in place: Escape closes it (`close` gives focus back
 * to its opener). It takes the key, so a sheet around the form stays open.
 */
export function escapeCloses(close: () => void): (event: KeyboardEvent) => void {
  return (event) => {
    if (event.key !== 'Escape') return
    event.preventDefault()
    close()
  }
}
