import { Show, createResource, createSignal } from 'solid-js'
import { listIdMatchesSecret } from '../../sync/access.js'
import { leaveMoveNotice } from '../../sync/moveNotice.js'
import { moveToNewLink } from '../../sync/moveToNewLink.js'
import { listPath, navigate } from '../router.js'
import { useShortlist } from '../ShortlistContext.js'

/**
 * For a list made by an older version (its id is not derived from its link's secret) that the
 * relay refuses: such a list never reached the relay, and the relay no longer lets anyone
 * create it. Says so, and puts the list on a new link the relay accepts, keeping everything.
 */
export default function UnclaimedListNotice() {
  const { session, identity } = useShortlist()
  const [derived] = createResource(() => listIdMatchesSecret(session.listId, session.access))
  const [moving, setMoving] = createSignal(false)
  const [error, setError] = createSignal('')
  const move = async () => {
    if (moving()) return
    setMoving(true)
    setError('')
    try {
      const moved = await moveToNewLink({ doc: session.doc, listId: session.listId, access: session.access, syncUrl: session.syncUrl, identity })
      leaveMoveNotice(moved.listId)
      navigate(listPath(moved.listId))
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : 'The list could not be moved.')
    } finally {
      setMoving(false)
    }
  }
  return (
    <Show when={derived() === false && session.status.refused()}>
      <div class="banner warning" role="alert">
        <p>This list was made by an older version of Shortlist and never reached the relay, which no longer accepts its link. Everything is still on this device. Put it on a new link to share and sync it.</p>
        <button type="button" onClick={move} disabled={moving()}>{moving() ? 'Moving…' : 'Put it on a new link'}</button>
        <Show when={error()}><p class="small" role="alert">{error()}</p></Show>
      </div>
    </Show>
  )
}
