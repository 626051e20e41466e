/**
 * The bench's churn page: makes vote toggles on a stored list the way the app stores them,
 * without the list's UI. It opens the list with the app's own device copy
 * (`openLocalStore`: y-indexeddb, with the app's compaction) and toggles with the app's own
 * `toggleVote`, one transaction per toggle, so y-indexeddb stores one row per toggle, exactly
 * as a tap on a vote button does (`PaperRow` calls the same `toggleVote` on the list's doc).
 * What it leaves out is the list re-rendering after each vote, which stores nothing. Built as
 * a page of its own (`bench/churn/build.mjs`), never shipped with the app.
 *
 * Query: `list` (the list id; without it the page opens nothing), `member` (whose votes are
 * toggled). `window.__churn.toggle(n)` makes `n` toggles (see `toggle` below);
 * `window.__churn.ready` is set once the list loaded.
 */
import * as Y from 'yjs'
import { toggleVote } from '../../src/doc/ops.js'
import { rankQueue } from '../../src/doc/queries.js'
import { openLocalStore } from '../../src/sync/localStore.js'

/** Papers whose votes are toggled in turn (the top ten of the queue, as the bench tapped before). */
const TOGGLED_PAPERS = 10

/** Toggles per task; between tasks the page waits for y-indexeddb's writes to commit, and its timers (compaction) run. */
const TOGGLES_PER_TASK = 100

const params = new URLSearchParams(location.search)
const listId = params.get('list') ?? ''
const memberId = params.get('member') ?? ''

const doc = new Y.Doc()

/** Resolves once every write queued on the list's database before it has committed (IndexedDB runs transactions on a store in order). */
function writesCommitted(): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(`shortlist-${listId}`)
    request.onerror = () => reject(request.error)
    request.onsuccess = () => {
      const db = request.result
      const counting = db.transaction('updates', 'readonly').objectStore('updates').count()
      counting.onsuccess = () => {
        db.close()
        resolve(counting.result)
      }
      counting.onerror = () => reject(counting.error)
    }
  })
}

/**
 * Makes `toggles` vote toggles on the top papers in turn, `TOGGLES_PER_TASK` per task, each
 * task's writes committed before the next (so nothing is left queued when the page closes);
 * resolves with the rows stored at the end.
 */
async function toggle(toggles: number): Promise<number> {
  const papers = rankQueue(doc).slice(0, TOGGLED_PAPERS).map(({ paper }) => paper.id)
  if (!papers.length) throw new Error('The list has no papers to vote on.')
  for (let done = 0; done < toggles;) {
    for (let i = 0; i < TOGGLES_PER_TASK && done < toggles; i++, done++) toggleVote(doc, { paperId: papers[done % papers.length]!, memberId })
    await writesCommitted()
    await new Promise((resolve) => setTimeout(resolve, 0))
  }
  return writesCommitted()
}

/** What the bench reads and calls in this page. */
interface ChurnPage {
  ready: boolean
  toggle: typeof toggle
}

const churn: ChurnPage = { ready: false, toggle }
;(window as unknown as { __churn: ChurnPage }).__churn = churn
// without a list the page only lends the bench its origin (to read and write a list's rows)
if (listId) {
  void openLocalStore(listId, doc).whenLoaded.then(() => {
    churn.ready = true
  })
}
