import { Show, createSignal } from 'solid-js'
import { listPath, navigate } from '../router.js'
import '../import.css'

/** "Restore from backup" on the home page: a backup file becomes a new list, which then opens. */
export function RestoreBackup() {
  const [error, setError] = createSignal('')
  const [busy, setBusy] = createSignal(false)
  const restore = async (file: File) => {
    setError('')
    setBusy(true)
    try {
      const { restoreAsNewList } = await import('./restoreList.js')
      const listId = await restoreAsNewList(await file.text())
      navigate(listPath(listId))
    } catch (caught) {
      setError(caught instanceof Error && caught.name === 'RestoreError' ? caught.message : `${file.name} could not be restored.`)
    } finally {
      setBusy(false)
    }
  }
  return (
    <div class="restore-backup">
      <label class="link-button file-button" aria-disabled={busy()}>
        {busy() ? 'Restoring…' : 'Restore from backup'}
        <input
          type="file"
          class="visually-hidden"
          accept=".json,application/json"
          disabled={busy()}
          onChange={(event) => {
            const file = event.currentTarget.files?.[0]
            event.currentTarget.value = ''
            if (file) void restore(file)
          }}
        />
      </label>
      <Show when={error()}><p class="error" role="alert">{error()}</p></Show>
    </div>
  )
}
