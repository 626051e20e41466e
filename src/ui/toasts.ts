import { createSignal } from 'solid-js'

/** A short message at the bottom of the screen, optionally with one action (e.g. Undo). */
export interface Toast {
  id: number
  text: string
  action?: { label: string; run: () => void }
}

const [toasts, setToasts] = createSignal<Toast[]>([])
let nextId = 1

/** The toasts on screen. */
export { toasts }

/** Shows a toast for `ms` milliseconds. */
export function showToast(text: string, action?: Toast['action'], ms = action ? 8_000 : 3_500): void {
  const id = nextId++
  // the same message again replaces the old one instead of stacking
  setToasts((list) => [...list.filter((toast) => toast.text !== text || toast.action).slice(-1), { id, text, ...(action ? { action } : {}) }])
  setTimeout(() => dismissToast(id), ms)
}

/** Removes a toast. */
export function dismissToast(id: number): void {
  setToasts((list) => list.filter((toast) => toast.id !== id))
}
