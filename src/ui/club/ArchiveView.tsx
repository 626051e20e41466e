import { For, Show, createMemo } from 'solid-js'
import { listArchive } from '../../doc/club/archive.js'
import { linkClick, paperPath } from '../router.js'
import { useShortlist } from '../ShortlistContext.js'
import { dateLabel, nameOf } from './format.js'
import { useClub } from './useClub.js'

/** Longest note excerpt shown in the archive (characters); the paper page has the whole note. */
const NOTE_EXCERPT = 280

/** The archive: discussed papers, newest first, with date, presenter, note and comment count. */
export function ArchiveView() {
  const { session, members } = useShortlist()
  const club = useClub()
  const entries = createMemo(() => {
    club.anyChange()
    club.track()
    return listArchive(session.doc)
  })
  const excerpt = (note: string) => {
    const clean = note.trim()
    return clean.length > NOTE_EXCERPT ? `${clean.slice(0, NOTE_EXCERPT).trimEnd()}…` : clean
  }
  return (
    <section class="club-page club-section" aria-labelledby="archive-heading">
      <h2 id="archive-heading">Archive</h2>
      <Show when={entries().length} fallback={<p class="muted empty">Nothing discussed yet. Papers land here when a meeting is marked held.</p>}>
        <ol class="archive-list" aria-label="Discussed papers">
          <For each={entries()}>
            {(entry) => (
              <li class="archive-entry card" data-paper-id={entry.paper.id}>
                <h3 class="paper-title"><a href={paperPath(session.listId, entry.paper.id)} onClick={linkClick}>{entry.paper.title}</a></h3>
                <p class="paper-meta">
                  <Show when={entry.discussedOn}><span class="archive-date">{dateLabel(entry.discussedOn)}</span></Show>
                  <Show when={entry.presenter}><span class="archive-presenter">Presented by {nameOf(members(), entry.presenter)}</span></Show>
                  <span>{entry.commentCount} {entry.commentCount === 1 ? 'comment' : 'comments'}</span>
                </p>
                <Show when={excerpt(entry.note)}>{(note) => <p class="archive-note">{note()}</p>}</Show>
              </li>
            )}
          </For>
        </ol>
      </Show>
    </section>
  )
}
