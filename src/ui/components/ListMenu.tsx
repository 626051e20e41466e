import { For, Show, createSignal, onCleanup } from 'solid-js'

/** What the list menu can start. */
export type ListAction = 'export' | 'rename' | 'backup' | 'remove' | 'delete' | 'fillPending'

const ITEMS: { action: ListAction; label: string; writersOnly: boolean; danger?: boolean }[] = [
  { action: 'export', label: 'Export…', writersOnly: false },
  { action: 'rename', label: 'Rename…', writersOnly: true },
  { action: 'backup', label: 'Download backup', writersOnly: false },
  { action: 'remove', label: 'Remove from this device…', writersOnly: false },
  { action: 'delete', label: 'Delete for everyone…', writersOnly: true, danger: true },
]

/**
 * The list's menu (the "⋯" button in its header): export (BibTeX, CSL-JSON, CSV, Markdown,
 * a full backup), rename, download a backup, remove from
 * this device and, for members with the edit link, delete for everyone. Picking an item
 * closes the menu and hands the action to `onAction`; Escape or a tap outside closes it.
 */
export function ListMenu(props: { readOnly: boolean; onAction: (action: ListAction) => void; pendingCount?: () => number }) {
  const [open, setOpen] = createSignal(false)
  let root!: HTMLDivElement
  let toggle!: HTMLButtonElement
  const close = () => setOpen(false)
  const onPointerDown = (event: PointerEvent) => {
    if (!root.contains(event.target as Node)) close()
  }
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || !open()) return
    close()
    toggle.focus()
  }
  document.addEventListener('pointerdown', onPointerDown)
  document.addEventListener('keydown', onKeyDown)
  onCleanup(() => {
    document.removeEventListener('pointerdown', onPointerDown)
    document.removeEventListener('keydown', onKeyDown)
  })
  const pick = (action: ListAction) => {
    close()
    // a dialog the action opens gives focus back to the menu button when it closes
    toggle.focus()
    props.onAction(action)
  }
  return (
    <div class="list-menu" ref={root}>
      <button
        ref={toggle}
        type="button"
        class="menu-button"
        aria-label="List menu"
        aria-haspopup="menu"
        aria-expanded={open()}
        aria-controls="list-menu-items"
        onClick={() => setOpen(!open())}
      >
        <span aria-hidden="true">⋯</span>
      </button>
      <Show when={open()}>
        <div class="menu" role="menu" id="list-menu-items" aria-label="List">
          <Show when={!props.readOnly && (props.pendingCount?.() ?? 0)}>
            {(count) => <button type="button" role="menuitem" onClick={() => pick('fillPending')}>Fill in {count()} pending {count() === 1 ? 'paper' : 'papers'}</button>}
          </Show>
          <For each={ITEMS.filter((item) => !(item.writersOnly && props.readOnly))}>
            {(item) => (
              <button type="button" role="menuitem" classList={{ danger: !!item.danger }} onClick={() => pick(item.action)}>
                {item.label}
              </button>
            )}
          </For>
        </div>
      </Show>
    </div>
  )
}
