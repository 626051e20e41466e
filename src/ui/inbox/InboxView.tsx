import { For, Show, createEffect, createMemo, createSignal, on, onCleanup } from 'solid-js'
import { isSafeLink } from '../../doc/ids.js'
import { addPaper } from '../../doc/ops.js'
import {
  dismissEntry, entryToPaper, feedNames, followsAnyFeed, inboxEntries, inboxOf, readFeedSettings, undismissEntry,
} from '../../doc/inbox.js'
import type { FeedEntry } from '../../doc/inbox.js'
import { papersOf } from '../../doc/schema.js'
import type { FeedResult } from '../../protocol/lookup.js'
import { createYValue } from '../../reactive/createYValue.js'
import { lookupBaseUrl } from '../../sync/relayHttpBase.js'
import { useShortlist } from '../ShortlistContext.js'
import { showToast } from '../toasts.js'
import { fetchFeeds } from './fetchFeeds.js'
import { loadFeeds, saveFeeds } from './feedStore.js'
import { FeedSettingsForm } from './FeedSettingsForm.js'
import './inbox.css'

/** Today as `YYYY-MM-DD` in this device's time zone (the Daily Papers date a member means). */
const localToday = (): string => {
  const now = new Date()
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`
}

/** Entries rendered at first, and added per "Show more": a busy day's 600 cards would cost a phone over a second. */
export const INBOX_PAGE = 100

const timeLabel = (at: number): string => new Date(at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })

/** What the relay answered, or the device copy: the feeds and when they were fetched. */
interface Loaded {
  fetchedAt: number
  feeds: FeedResult[]
  /** True while showing the device copy because the relay could not be asked. */
  offline: boolean
  error: string
}

/**
 * The group's inbox: today's papers from the feeds the list follows that match its keywords,
 * are not in the list yet and nobody dismissed. Any member adds one to the queue or dismisses
 * it for everyone with one tap. Works offline from the last fetched copy and says when that was.
 */
export default function InboxView() {
  const { session, identity, readOnly } = useShortlist()
  const doc = session.doc
  const settings = createYValue(inboxOf(doc), () => readFeedSettings(doc), { equals: (a, b) => JSON.stringify(a) === JSON.stringify(b) })
  // the inbox hides papers added to the list and dismissed entries, so it re-reads on either change
  const papersVersion = createYValue(papersOf(doc), () => ({}))
  const inboxVersion = createYValue(inboxOf(doc), () => ({}))
  const stored = loadFeeds(session.listId)
  const [loaded, setLoaded] = createSignal<Loaded | null>(stored ? { ...stored, offline: false, error: '' } : null)
  const [busy, setBusy] = createSignal(false)
  const [shown, setShown] = createSignal(INBOX_PAGE)
  const names = createMemo(() => feedNames(settings(), localToday()), undefined, { equals: (a, b) => a.join() === b.join() })

  async function refresh(): Promise<void> {
    if (!names().length || busy()) return
    setBusy(true)
    try {
      const feeds = await fetchFeeds(lookupBaseUrl(session.syncUrl), names())
      const value = { fetchedAt: Date.now(), feeds }
      saveFeeds(session.listId, value)
      setLoaded({ ...value, offline: false, error: '' })
    } catch (error) {
      const last = loaded()
      setLoaded({
        fetchedAt: last?.fetchedAt ?? 0,
        feeds: last?.feeds ?? [],
        offline: true,
        error: error instanceof Error ? error.message : 'The feeds could not be fetched.',
      })
    } finally {
      setBusy(false)
    }
  }
  createEffect(on(names, () => void refresh()))
  const onOnline = () => void refresh()
  addEventListener('online', onOnline)
  onCleanup(() => removeEventListener('online', onOnline))

  /** Entries of the feeds the list follows now, in the order of its settings. */
  const entries = createMemo((): FeedEntry[] => {
    papersVersion()
    inboxVersion()
    const wanted = new Set(names())
    const all = (loaded()?.feeds ?? []).filter((feed) => wanted.has(feed.feed)).flatMap((feed) => (feed.ok ? feed.entries : []))
    return inboxEntries(doc, all.filter(isEntry), settings())
  })
  const failed = () => (loaded()?.feeds ?? []).filter((feed): feed is Extract<FeedResult, { ok: false }> => !feed.ok && names().includes(feed.feed))
  const stale = () => (loaded()?.feeds ?? []).some((feed) => feed.ok && feed.stale && names().includes(feed.feed))

  const add = (entry: FeedEntry) => {
    addPaper(doc, entryToPaper(entry), identity.memberId)
    showToast(`Added ‘${entry.title.slice(0, 80)}’ to the queue.`)
  }
  const dismiss = (entry: FeedEntry) => {
    dismissEntry(doc, entry.arxivId, identity.memberId)
    showToast('Dismissed for everyone.', { label: 'Undo', run: () => undismissEntry(doc, entry.arxivId) })
  }

  return (
    <section class="club-page club-section inbox" aria-labelledby="inbox-heading">
      <div class="inbox-head">
        <h2 id="inbox-heading">Inbox</h2>
        <Show when={names().length}>
          <button type="button" class="inbox-refresh" onClick={() => void refresh()} disabled={busy()}>{busy() ? 'Fetching…' : 'Refresh'}</button>
        </Show>
      </div>
      <Show when={followsAnyFeed(settings())} fallback={<p class="muted">This list follows no feeds yet. Choose Hugging Face Daily Papers or arXiv categories in the feed settings below.</p>}>
        <p class="inbox-status muted" role="status" data-testid="inbox-status">
          <Show when={loaded()?.fetchedAt} fallback={busy() ? 'Fetching today’s papers…' : 'Not fetched yet.'}>
            {(at) => <>{loaded()!.offline ? 'Offline: showing papers fetched ' : 'Fetched '}{timeLabel(at())}.{stale() ? ' Some feeds could not be refreshed; showing their last copy.' : ''}</>}
          </Show>
        </p>
        <Show when={loaded()?.offline && loaded()?.error}><p class="muted">{loaded()!.error}</p></Show>
        <For each={failed()}>{(feed) => <p class="inbox-feed-error" role="alert">{feedLabel(feed.feed)}: {feed.error}</p>}</For>
        <Show when={entries().length} fallback={<Show when={loaded()}><p class="muted empty">Nothing new matches this list’s feeds and keywords.</p></Show>}>
          <p class="muted">{entries().length} {entries().length === 1 ? 'paper' : 'papers'} not in the list yet.</p>
          <ol class="inbox-list" aria-label="Papers from the feeds">
            <For each={entries().slice(0, shown())}>
              {(entry) => (
                <li class="inbox-entry card" data-arxiv-id={entry.arxivId}>
                  <h3 class="paper-title">{entry.title}</h3>
                  <p class="paper-meta">
                    <Show when={entry.authors.length}>
                      <span class="authors">{entry.authors.slice(0, 3).join(', ')}{entry.authorCount > 3 ? ` and ${entry.authorCount - 3} more` : ''}</span>
                    </Show>
                    <Show when={entry.published}><span>{entry.published}</span></Show>
                    <span>arXiv {entry.arxivId}</span>
                    <Show when={entry.codeUrl && isSafeLink(entry.codeUrl)}><a href={entry.codeUrl} target="_blank" rel="noopener noreferrer">Code</a></Show>
                  </p>
                  <Show when={entry.abstract}><p class="inbox-abstract">{entry.abstract}</p></Show>
                  <Show when={!readOnly}>
                    <div class="inbox-actions">
                      <button type="button" class="primary" aria-label={`Add to queue: ${entry.title}`} onClick={() => add(entry)}>Add to queue</button>
                      <button type="button" aria-label={`Dismiss: ${entry.title}`} onClick={() => dismiss(entry)}>Dismiss</button>
                    </div>
                  </Show>
                </li>
              )}
            </For>
          </ol>
          <Show when={entries().length > shown()}>
            <button type="button" class="inbox-more" onClick={() => setShown(shown() + INBOX_PAGE)}>
              Show {Math.min(INBOX_PAGE, entries().length - shown())} more
            </button>
          </Show>
        </Show>
      </Show>
      <FeedSettingsForm settings={settings()} readOnly={readOnly} />
    </section>
  )
}

/** A feed's name for people. */
function feedLabel(name: string): string {
  return name.startsWith('hf:') ? `Hugging Face Daily Papers (${name.slice(3)})` : `arXiv ${name.slice(6)}`
}

/** Whether a stored or received entry has the fields the inbox reads (a device copy may be from an older build). */
function isEntry(entry: FeedEntry): boolean {
  return !!entry && typeof entry.arxivId === 'string' && typeof entry.title === 'string' && Array.isArray(entry.authors) &&
    typeof entry.abstract === 'string' && typeof entry.published === 'string' && typeof entry.authorCount === 'number'
}
