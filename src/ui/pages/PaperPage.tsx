import { Show, Suspense, createSignal, onCleanup, onMount } from 'solid-js'
import type { PaperId } from '../../doc/ids.js'
import { deletePaper, restorePaper, setNoteText, setStatus, toggleVote } from '../../doc/ops.js'
import { noteOf } from '../../doc/schema.js'
import { bindYText } from '../../reactive/bindYText.js'
import { ListHeader } from '../components/ListHeader.js'
import { PaperLinks, SearchLinks } from '../components/PaperLinks.js'
import { CitationCount, PendingDetails } from '../components/PendingDetails.js'
import { VoteButton } from '../components/VoteButton.js'
import { useVoteGate } from '../club/voting.js'
import { linkClick, listPath, navigate } from '../router.js'
import { useShortlist } from '../ShortlistContext.js'
import { showToast } from '../toasts.js'
import { TagEditor } from '../paper/TagEditor.js'
import { PaperComments } from '../paper/PaperComments.js'
import { PaperReading } from '../paper/PaperReading.js'
import { dayLabel } from '../paper/dayLabel.js'
import { nameOf } from '../club/format.js'
import { lazyPreloaded } from '../lazyPreloaded.js'

const EditDetails = lazyPreloaded(() => import('../paper/EditDetails.js'))

/** One paper: abstract, links, my vote and reading state, who has read it, the shared note, comments. */
export function PaperPage(props: { paperId: string; listName: string }) {
  const { session, view, identity, readOnly, members } = useShortlist()
  const doc = session.doc
  const id = () => props.paperId as PaperId
  const paper = () => view.paper(id())
  const mayVote = useVoteGate()
  const [editing, setEditing] = createSignal(false)
  let editToggle: HTMLButtonElement | undefined
  const closeEditor = (saved: boolean) => {
    setEditing(false)
    editToggle?.focus()
    if (saved) showToast('Details saved.')
  }

  const remove = () => {
    const paperId = id()
    deletePaper(doc, paperId)
    navigate(listPath(session.listId))
    showToast('Paper deleted', { label: 'Undo', run: () => restorePaper(doc, paperId) })
  }

  return (
    <>
      <ListHeader name={props.listName} />
      <main class="page paper-page">
        <p><a href={listPath(session.listId)} onClick={linkClick} class="back-link">‹ Back to the list</a></p>
        <Show when={paper()} fallback={<p class="muted">This paper is not in the list (yet). It may still be on its way from the relay.</p>}>
          {(p) => (
            <article aria-labelledby="paper-title">
              <div class="paper-head">
                <VoteButton title={p().title} count={view.votes(id())} voted={view.myVote(id())} disabled={readOnly || !mayVote(id())}
                  onToggle={() => toggleVote(doc, { paperId: id(), memberId: identity.memberId })} />
                <div>
                  <h1 id="paper-title" class="paper-title-large">{p().title}</h1>
                  <Show when={p().authors.length}><p class="authors">{p().authors.join(', ')}</p></Show>
                  <p class="paper-meta">
                    <Show when={p().published}><span>{p().published}</span></Show>
                    <Show when={p().venue}><span>{p().venue}</span></Show>
                    <Show when={p().arxivId}><span>arXiv {p().arxivId}</span></Show>
                    <Show when={p().doi}><span>DOI {p().doi}</span></Show>
                    <CitationCount id={id()} /><PendingDetails paper={p()} />
                    <Show when={p().deletedAt}><span class="tag">deleted</span></Show>
                    <Show when={p().status === 'discussed'}><span class="tag done">discussed {p().discussedOn}</span></Show>
                  </p>
                  <PaperLinks paper={p()} />
                  <SearchLinks paper={p()} />
                  <Show when={!readOnly}>
                    <button type="button" class="edit-details-toggle" ref={editToggle} aria-expanded={editing()} onClick={() => setEditing(!editing())}>Edit details</button>
                  </Show>
                </div>
              </div>
              <Show when={editing()}>
                <Suspense fallback={<p class="muted small">Opening the form…</p>}><EditDetails paper={p()} onClose={closeEditor} /></Suspense>
              </Show>

              <Show when={p().abstract} fallback={<p class="muted">{p().pending ? 'Details pending: the abstract appears once the paper is looked up.' : 'No abstract.'}</p>}>
                <section aria-labelledby="abstract-heading">
                  <h2 id="abstract-heading">Abstract</h2>
                  <p class="abstract">{p().abstract}</p>
                </section>
              </Show>
              <p class="muted small">Added by {nameOf(members(), p().addedBy)} on {dayLabel(p().addedAt)}</p>

              <Show when={!editing()}>
                <section aria-labelledby="tags-heading">
                  <h2 id="tags-heading">Tags</h2>
                  <TagEditor paperId={id()} />
                </section>
              </Show>

              <PaperReading paperId={id()} />

              <section aria-labelledby="note-heading">
                <h2 id="note-heading">Shared note</h2>
                <NoteEditor paperId={id()} readOnly={readOnly} />
              </section>

              <PaperComments paperId={id()} />

              <Show when={!readOnly}>
                <section class="actions" aria-label="Paper actions">
                  <Show when={p().status === 'discussed'} fallback={
                    <button type="button" onClick={() => setStatus(doc, id(), 'discussed', { presenter: identity.memberId })}>Mark discussed</button>
                  }>
                    <button type="button" onClick={() => setStatus(doc, id(), 'queued')}>Back to the queue</button>
                  </Show>
                  <Show when={p().deletedAt} fallback={<button type="button" class="danger" onClick={remove}>Delete</button>}>
                    <button type="button" onClick={() => restorePaper(doc, id())}>Restore</button>
                  </Show>
                </section>
              </Show>
            </article>
          )}
        </Show>
      </main>
    </>
  )
}

/** The shared note, bound to its Y.Text so peers' edits merge and my caret stays put. */
function NoteEditor(props: { paperId: PaperId; readOnly: boolean }) {
  const { session } = useShortlist()
  let area!: HTMLTextAreaElement
  onMount(() => {
    const unbind = bindYText(area, noteOf(session.doc, props.paperId), (next) => setNoteText(session.doc, props.paperId, next))
    onCleanup(unbind)
  })
  return (
    <>
      <label class="visually-hidden" for="note">Shared note</label>
      <textarea id="note" ref={area} class="note" rows="6" readOnly={props.readOnly} placeholder="Notes for the group: key ideas, questions for the discussion…" />
    </>
  )
}
