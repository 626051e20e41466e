/**
 * The bench's floor: the least a page can do to show a stored list. Solid, Yjs and
 * y-indexeddb read the same IndexedDB database the app wrote (`shortlist-<listId>`), rank the
 * queue with the document's own rule and render the rows that fit the screen, with the same
 * row markup the bench watches (`article.paper-row`, `button.vote[aria-pressed]`). Built as a
 * page of its own (`bench/floor/build.mjs`), never shipped with the app.
 *
 * Query: `list` (the list id), `member` (whose vote the button toggles), `peer=1` to connect
 * to the relay as the app does (for the peer-vote figure).
 */
import { For, createSignal } from 'solid-js'
import type { Accessor, Setter } from 'solid-js'
import { render } from 'solid-js/web'
import { IndexeddbPersistence } from 'y-indexeddb'
import * as Y from 'yjs'
import { toggleVote } from '../../src/doc/ops.js'
import { rankQueue } from '../../src/doc/queries.js'
import { memberPaperKey, splitKey, votesOf } from '../../src/doc/schema.js'
import type { Paper } from '../../src/doc/schema.js'

performance.mark('shortlist:script')
const params = new URLSearchParams(location.search)
const listId = params.get('list') ?? ''
const memberId = params.get('member') ?? 'floor-member'
const root = document.getElementById('app')!

/** Rows that fit the window, plus two. */
const ROWS = Math.ceil(innerHeight / 72) + 2

interface Row {
  paper: Paper
  count: Accessor<number>
  setCount: Setter<number>
  voted: Accessor<boolean>
  setVoted: Setter<boolean>
}

const doc = new Y.Doc()
const persistence = new IndexeddbPersistence(`shortlist-${listId}`, doc)
// as the app does: no update listener while the stored rows are applied
doc.off('update', persistence._storeUpdate)
void persistence.whenSynced.then(() => {
  doc.on('update', persistence._storeUpdate)
  performance.mark('shortlist:doc-loaded')
  const rows: Row[] = rankQueue(doc).slice(0, ROWS).map(({ paper, votes }) => {
    const [count, setCount] = createSignal(votes)
    const [voted, setVoted] = createSignal(votesOf(doc).has(memberPaperKey(memberId, paper.id)))
    return { paper, count, setCount, voted, setVoted }
  })
  const byId = new Map(rows.map((row) => [row.paper.id, row]))
  votesOf(doc).observe((event) => {
    for (const key of event.keysChanged) {
      const [member, paperId] = splitKey(key)
      const row = byId.get(paperId)
      if (!row) continue
      const on = votesOf(doc).has(key)
      row.setCount((count) => count + (on ? 1 : -1))
      if (member === memberId) row.setVoted(on)
    }
  })
  render(() => (
    <main>
      <For each={rows}>
        {(row) => (
          <article class="paper-row" data-paper-id={row.paper.id} style={{ display: 'flex', gap: '8px', 'min-height': '64px' }}>
            <button type="button" class="vote" aria-pressed={row.voted()} style={{ 'min-width': '44px', 'min-height': '44px' }}
              onClick={() => toggleVote(doc, { paperId: row.paper.id, memberId })}>
              ▲ <span data-testid="vote-count">{row.count()}</span>
            </button>
            <div>
              <h3 style={{ margin: 0, 'font-size': '1rem' }}>{row.paper.title}</h3>
              <p style={{ margin: 0 }}>{row.paper.authors.join(', ')}</p>
            </div>
          </article>
        )}
      </For>
    </main>
  ), root)
  if (params.get('peer') === '1') void connectPeer()
})

/** Connects to the relay with the list's tokens, as the app's session does (loaded only in peer mode). */
async function connectPeer(): Promise<void> {
  const [{ WebsocketProvider }, { accessProtocols, parseFragment }, { findList }] = await Promise.all([
    import('y-websocket'), import('../../src/sync/access.js'), import('../../src/sync/lists.js'),
  ])
  const access = parseFragment(findList(listId)?.fragment ?? '')
  if (!access) throw new Error('the floor page needs a list this browser knows')
  const protocols = await accessProtocols(access)
  new WebsocketProvider(`${location.origin.replace(/^http/, 'ws')}/sync`, listId, doc, { protocols, disableBc: true })
}
