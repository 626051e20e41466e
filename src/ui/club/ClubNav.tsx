import { For, Show } from 'solid-js'
import { linkClick, listPath, sectionPath } from '../router.js'
import type { ListSection } from '../router.js'
import { useShortlist } from '../ShortlistContext.js'
import { createUnreadCount } from './unread.js'
import './club.css'

const LINKS: { section: ListSection | null; label: string }[] = [
  { section: null, label: 'Papers' },
  { section: 'meetings', label: 'Meetings' },
  { section: 'archive', label: 'Archive' },
  { section: 'activity', label: 'Activity' },
  { section: 'inbox', label: 'Inbox' },
]

/** The list's sections: papers (home), meetings, archive, and activity with its unread count. */
export function ClubNav(props: { current: ListSection | null }) {
  const { session } = useShortlist()
  const unread = createUnreadCount()
  return (
    <nav class="club-nav" aria-label="List sections">
      <For each={LINKS}>
        {(link) => (
          <a
            href={link.section ? sectionPath(session.listId, link.section) : listPath(session.listId)}
            onClick={linkClick}
            aria-current={props.current === link.section ? 'page' : undefined}
          >
            {link.label}
            <Show when={link.section === 'activity' && unread() > 0}>
              <span class="unread-badge" data-testid="unread-count" aria-label={`${unread()} new`}>{unread() > 99 ? '99+' : unread()}</span>
            </Show>
          </a>
        )}
      </For>
    </nav>
  )
}
