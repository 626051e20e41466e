import { Match, Show, Switch } from 'solid-js'
import type { PaperId } from '../../doc/ids.js'
import { clearLookupOutcomes, lookupsOf, needsDetails, readCitations, readLookupOutcome } from '../../doc/lookupState.js'
import type { Paper } from '../../doc/schema.js'
import { createYValue } from '../../reactive/createYValue.js'
import { listPapers } from '../../doc/queries.js'
import type { ListSession } from '../../sync/session.js'
import { showToast } from '../toasts.js'
import { useShortlist } from '../ShortlistContext.js'
import './pendingDetails.css'

/**
 * Where a paper's missing details stand, said honestly: waiting for a connection, being
 * looked up, not found (and why), or the lookup could not reach its source. A member with
 * the edit link can ask again (Retry clears the stored outcome; any online device then
 * looks the paper up). `compact` is the list row's one-word tag; the paper page shows the
 * sentence and the Retry button.
 */
export function PendingDetails(props: { paper: Paper; compact?: boolean }) {
  const { session, readOnly } = useShortlist()
  const outcome = createYValue(lookupsOf(session.doc), () => readLookupOutcome(session.doc, props.paper.id), {
    equals: (a, b) => a?.status === b?.status && a?.message === b?.message,
  })
  const waiting = () => needsDetails(props.paper) && !outcome()
  const online = () => session.status.connection() === 'synced'
  const tag = () => (outcome()?.status === 'notFound' ? 'details not found' : outcome() ? 'lookup failed' : 'details pending')
  return (
    <Show when={outcome() || waiting()}>
      <Show
        when={!props.compact}
        fallback={<span class="tag pending" classList={{ failed: !!outcome() }} title={outcome()?.message || undefined}>{tag()}</span>}
      >
        <span class="pending-details" role="status" data-testid="pending-details">
          <span class="pending-text">
            <Switch>
              <Match when={outcome()?.status === 'notFound'}>
                <strong>No details found.</strong> {outcome()!.message || 'The sources searched do not know this paper.'}
              </Match>
              <Match when={outcome()?.status === 'unavailable'}>
                <strong>Details could not be looked up: the source is unavailable.</strong> {outcome()!.message}
              </Match>
              <Match when={!online()}>Details pending — will fill in when online.</Match>
              <Match when={online()}>Details pending — looking them up…</Match>
            </Switch>
          </span>
          <Show when={outcome() && !readOnly}>
            <button type="button" class="retry-button" onClick={() => clearLookupOutcomes(session.doc, [props.paper.id])}>
              Retry
            </button>
          </Show>
        </span>
      </Show>
    </Show>
  )
}

/** The paper's citation count (Semantic Scholar), when known; nothing at all otherwise. */
export function CitationCount(props: { id: PaperId }) {
  const { session } = useShortlist()
  const citations = createYValue(lookupsOf(session.doc), () => readCitations(session.doc, props.id)?.count ?? null)
  return (
    <Show when={citations() !== null}>
      <span class="citation-count" data-testid="citation-count">
        Cited by {citations()!.toLocaleString('en')} <span class="muted">(Semantic Scholar)</span>
      </span>
    </Show>
  )
}

/** Papers whose details a lookup should still fill in (one pass over the list; called when the list menu opens). */
export function pendingPapers(doc: ListSession['doc']): PaperId[] {
  return listPapers(doc).filter(needsDetails).map((paper) => paper.id)
}

/** The list menu's "Fill in N pending papers": forgets every stored outcome so they are all asked again now. */
export function fillPending(session: ListSession): void {
  const ids = pendingPapers(session.doc)
  clearLookupOutcomes(session.doc, ids)
  const count = `${ids.length} ${ids.length === 1 ? 'paper' : 'papers'}`
  showToast(session.status.connection() === 'synced' ? `Looking up ${count}…` : `Offline: ${count} will fill in when online.`)
}
