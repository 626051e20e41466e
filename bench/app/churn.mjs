/**
 * A list after many vote toggles against a fresh copy of the same content (see
 * `bench/README.md`, "A churned list"). The toggles are made, offline, on the churn page
 * (`bench/churn/`): the app's own `toggleVote` on the list's doc, opened with the app's own
 * device copy (y-indexeddb and its compaction), one transaction and so one stored row per
 * toggle, as a tap on a vote button stores it; the list's re-render after each tap, which
 * stores nothing, is left out (at 4× slower it made 100,000 toggles take over 20 minutes).
 * The page is left once the last toggle's row is written. Then the list is opened `runs`
 * times in the app on the device profile. The fresh copy is what a device that just synced
 * the same document stores: the document as one row.
 */
import * as Y from 'yjs'
import { DEVICE_PROFILES, median, openBrowser, prepareOfflineList, throttle } from '../shared/harness.mjs'

/** How long each open stays open before the next. */
const OPEN_FOR_MS = 6_000

/**
 * Reads a list's stored update rows in the page: `count` gives how many, `rows` each row as
 * base64 (a Uint8Array does not cross `page.evaluate` intact).
 */
const readStore = (page, listId, what) => page.evaluate(({ name, what }) => new Promise((resolve, reject) => {
  const request = indexedDB.open(name)
  request.onerror = () => reject(request.error)
  request.onsuccess = () => {
    const db = request.result
    const store = db.transaction('updates', 'readonly').objectStore('updates')
    const reading = what === 'count' ? store.count() : store.getAll()
    reading.onsuccess = () => {
      db.close()
      if (what === 'count') return resolve(reading.result)
      resolve(reading.result.map((row) => {
        let text = ''
        for (let i = 0; i < row.length; i += 8_192) text += String.fromCharCode(...row.subarray(i, i + 8_192))
        return btoa(text)
      }))
    }
  }
}), { name: `shortlist-${listId}`, what })

/** The stored update rows of a list, counted in the page. */
const countRows = (page, listId) => readStore(page, listId, 'count')

/** Every stored row of the list as base64, read in the page. */
const readRows = (page, listId) => readStore(page, listId, 'rows')

/** Replaces every stored row of the list with `state` (base64), as one row. */
const storeAsOneRow = (page, listId, state) => page.evaluate(({ name, base64 }) => new Promise((resolve, reject) => {
  const request = indexedDB.open(name)
  request.onerror = () => reject(request.error)
  request.onsuccess = () => {
    const db = request.result
    const tx = db.transaction('updates', 'readwrite')
    const store = tx.objectStore('updates')
    store.clear()
    store.add(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)))
    tx.oncomplete = () => {
      db.close()
      resolve()
    }
    tx.onerror = () => reject(tx.error)
  }
}), { name: `shortlist-${listId}`, base64: Buffer.from(state).toString('base64') })

/**
 * Makes `toggles` vote toggles as `memberId` on the churn page (served past the app's service
 * worker, which would answer its address with the app); returns the seconds they took and
 * the compactions made meanwhile.
 */
async function churnOnPage(context, relayUrl, listId, memberId, toggles) {
  const page = await context.newPage()
  const cdp = await context.newCDPSession(page)
  try {
    await cdp.send('Network.enable')
    await cdp.send('Network.setBypassServiceWorker', { bypass: true })
    // online for the page's own files (compaction's chunk loads a second after the list);
    // the page never connects to the relay, so the votes stay on the device as offline
    await context.setOffline(false)
    await page.goto(`${relayUrl}/churn/index.html?list=${encodeURIComponent(listId)}&member=${encodeURIComponent(memberId)}`)
    await page.waitForFunction(() => window.__churn?.ready === true, null, { timeout: 120_000 })
    const started = Date.now()
    const rows = await page.evaluate((toggles) => window.__churn.toggle(toggles), toggles)
    const seconds = (Date.now() - started) / 1000
    return { seconds, rows, compactions: await compactionMarks(page) }
  } finally {
    await cdp.detach().catch(() => undefined)
    await page.close()
    await context.setOffline(true)
  }
}

/** The compactions the page made (`shortlist:store-compacted` / `-failed` marks, with what each did). */
const compactionMarks = (page) => page.evaluate(() => performance.getEntriesByType('mark')
  .filter((mark) => mark.name.startsWith('shortlist:store-compact'))
  .map((mark) => ({ name: mark.name, at: mark.startTime, detail: mark.detail })))

/** Compactions in short: how many, the longest one's main-thread time, how many failed. */
const compactionSummary = (marks) => ({
  count: marks.length,
  longestMs: Math.max(0, ...marks.map((run) => run.detail?.ms ?? 0)),
  failed: marks.filter((run) => run.name.endsWith('failed')).length,
  runs: marks,
})

/**
 * Opens the list `runs` times, each kept open `OPEN_FOR_MS` (time for work after load, as a
 * person reading); first rows painted, rows stored at open, and the compactions each open made.
 */
async function opens(page, listUrl, listId, runs) {
  const firstRows = []
  const rows = []
  const compactions = []
  for (let run = 0; run < runs; run++) {
    await page.goto(listUrl)
    await page.waitForFunction(() => window.__bench?.firstRows !== undefined, null, { timeout: 300_000 })
    firstRows.push(await page.evaluate(() => window.__bench.firstRows))
    rows.push(await countRows(page, listId))
    await page.waitForTimeout(OPEN_FOR_MS)
    compactions.push(...await compactionMarks(page))
  }
  return { firstRows, rows, compactions: compactionSummary(compactions) }
}

/** Marks the first list rows painted in `window.__bench.firstRows` (as `open.mjs` does, without the vote). */
function watchFirstRows() {
  const bench = (window.__bench = {})
  const observer = new MutationObserver(() => {
    if (!document.querySelector('article.paper-row')) return
    observer.disconnect()
    requestAnimationFrame(() => setTimeout(() => { bench.firstRows = performance.now() }, 0))
  })
  observer.observe(document, { childList: true, subtree: true })
}

/** The churned list's opens against a fresh copy's, on a device profile. */
export async function benchChurn({ relayUrl, profileName, count, toggles, runs, backupFile }) {
  const profile = DEVICE_PROFILES[profileName]
  const browser = await openBrowser(profile.context)
  try {
    const { page, context } = browser
    const listUrl = await prepareOfflineList(page, context, { relayUrl, backupFile, count })
    const listId = new URL(listUrl).pathname.split('/')[2]
    const memberId = await page.evaluate(() => JSON.parse(localStorage.getItem('shortlist.identity')).memberId)
    await context.addInitScript(watchFirstRows)
    // one tab writes the list while it churns, as on a phone
    await page.goto('about:blank')
    const churn = await churnOnPage(context, relayUrl, listId, memberId, toggles)
    const cdp = await throttle(context, page, profile)
    const churned = await opens(page, listUrl, listId, runs)
    // the fresh copy: the same document, as one row
    const doc = new Y.Doc()
    for (const row of await readRows(page, listId)) Y.applyUpdate(doc, Buffer.from(row, 'base64'))
    const state = Y.encodeStateAsUpdate(doc)
    await page.goto(listUrl)
    await storeAsOneRow(page, listId, state)
    await page.goto('about:blank')
    const fresh = await opens(page, listUrl, listId, runs)
    await cdp.detach()
    return {
      toggles,
      churnSeconds: churn.seconds,
      rowsAfterChurn: churn.rows,
      compactions: compactionSummary(churn.compactions),
      stateKb: state.length / 1024,
      churned: { runs: churned.firstRows, rows: churned.rows, firstRows: median(churned.firstRows), firstOpen: churned.firstRows[0], compactions: churned.compactions },
      fresh: { runs: fresh.firstRows, rows: fresh.rows, firstRows: median(fresh.firstRows) },
      ratio: median(churned.firstRows) / median(fresh.firstRows),
    }
  } finally {
    await browser.close()
  }
}
