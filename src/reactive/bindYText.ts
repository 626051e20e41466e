import type * as Y from 'yjs'

/**
 * Binds a textarea to a Y.Text both ways and keeps the caret where the user left it when a
 * peer edits elsewhere in the text: the remote change's delta shifts the selection.
 * `write(next)` applies the user's text (as a minimal edit). Returns a function that unbinds.
 */
export function bindYText(el: HTMLTextAreaElement | HTMLInputElement, text: Y.Text, write: (next: string) => void): () => void {
  el.value = text.toString()
  const onInput = () => write(el.value)
  const onChange = (event: Y.YTextEvent) => {
    const next = text.toString()
    if (el.value === next) return
    let start = el.selectionStart ?? 0
    let end = el.selectionEnd ?? 0
    let pos = 0
    for (const op of event.delta) {
      if (op.retain !== undefined) pos += op.retain
      else if (typeof op.insert === 'string') {
        const length = op.insert.length
        if (pos < start) start += length
        if (pos < end) end += length
        pos += length
      } else if (op.delete !== undefined) {
        if (pos < start) start -= Math.min(op.delete, start - pos)
        if (pos < end) end -= Math.min(op.delete, end - pos)
      }
    }
    el.value = next
    if (el.ownerDocument.activeElement === el) el.setSelectionRange(start, end)
  }
  el.addEventListener('input', onInput)
  text.observe(onChange)
  return () => {
    el.removeEventListener('input', onInput)
    text.unobserve(onChange)
  }
}
