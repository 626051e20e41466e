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

/** Replaces every stored row of the list with `rows` (base64), in that order. */
const storeRows = (page, listId, rows) => page.evaluate(({ name, rows }) => new Promise((resolve, reject) => {
  const request = indexedDB.open(name)
  request.onerror = () => reject(request.error)
  request.onsuccess = () => {
    const db = request.result
    const tx = db.transaction('updates', 'readwrite')
    const store = tx.objectStore('updates')
    store.clear()
    for (const row of rows) store.add(Uint8Array.from(atob(row), (c) => c.charCodeAt(0)))
    tx.oncomplete = () => {
      db.close()
      resolve()
    }
    tx.onerror = () => reject(tx.error)
  }
}), { name: `shortlist-${listId}`, rows })

/**
 * Opens the churn page in a tab of its own, served past the app's service worker (which would
 * answer its address with the app), online for its files: the page never connects to the
 * relay, so the votes stay on the device as offline. Returns the page and its address for a list.
 */
async function openChurnPage(context, relayUrl) {
  const page = await context.newPage()
  const cdp = await context.newCDPSession(page)
  await cdp.send('Network.enable')
  await cdp.send('Network.setBypassServiceWorker', { bypass: true })
  await context.setOffline(false)
  const address = (listId = '', memberId = '') => `${relayUrl}/churn/index.html?list=${encodeURIComponent(listId)}&member=${encodeURIComponent(memberId)}`
  return { page, address, close: () => page.close() }
}

/**
 * Makes `toggles` vote toggles as `memberId` on the churn page, then leaves the list (the page
 * stays, on the same origin, to read and write the list's rows) and takes the browser offline;
 * returns the seconds the toggles took, the rows stored after them and the compactions made.
 */
async function churnOnPage(churnPage, context, listId, memberId, toggles) {
  const { page, address } = churnPage
  await page.goto(address(listId, memberId))
  await page.waitForFunction(() => window.__churn?.ready === true, null, { timeout: 120_000 })
  const started = Date.now()
  const rows = await page.evaluate((toggles) => window.__churn.toggle(toggles), toggles)
  const seconds = (Date.now() - started) / 1000
  const compactions = await compactionMarks(page)
  // closed at once, as a phone put away after the last vote: the rows are as the toggles left them
  await page.goto(address())
  await context.setOffline(true)
  return { seconds, rows, compactions }
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
 * Opens the list once after `rows` (base64) are stored as its rows, kept open `OPEN_FOR_MS`
 * (time for work after load, as a person reading); first rows painted, rows stored at open and
 * the compactions the open made.
 */
async function openWith(page, side, listUrl, listId, rows) {
  await storeRows(side, listId, rows)
  await page.bringToFront()
  await page.goto(listUrl)
  await page.waitForFunction(() => window.__bench?.firstRows !== undefined, null, { timeout: 300_000 })
  const firstRows = await page.evaluate(() => window.__bench.firstRows)
  const stored = await countRows(page, listId)
  await page.waitForTimeout(OPEN_FOR_MS)
  const compactions = await compactionMarks(page)
  await page.goto('about:blank')
  return { firstRows, rows: stored, compactions }
}

/** Figures of several opens: each first-rows time, its median, the rows at each open, the compactions. */
const openSummary = (opens) => ({
  runs: opens.map((open) => open.firstRows),
  firstRows: median(opens.map((open) => open.firstRows)),
  rows: opens.map((open) => open.rows),
  compactions: compactionSummary(opens.flatMap((open) => open.compactions)),
})

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

/**
 * The churned list's opens against a fresh copy's, on a device profile: after one warm-up open
 * (not counted), churned and fresh alternate run by run, so background load hits both alike;
 * before each open the list's rows are stored again as that copy has them (the churned rows
 * as the toggles left them, so every churned open starts from them, not from what an earlier
 * open compacted).
 */
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
    const side = await openChurnPage(context, relayUrl)
    const churn = await churnOnPage(side, context, listId, memberId, toggles)
    const churnedRows = await readRows(side.page, listId)
    // the fresh copy: the same document, as one row
    const doc = new Y.Doc()
    for (const row of churnedRows) Y.applyUpdate(doc, Buffer.from(row, 'base64'))
    const state = Y.encodeStateAsUpdate(doc)
    const freshRows = [Buffer.from(state).toString('base64')]
    const cdp = await throttle(context, page, profile)
    await openWith(page, side.page, listUrl, listId, churnedRows)
    const churned = []
    const fresh = []
    for (let run = 0; run < runs; run++) {
      churned.push(await openWith(page, side.page, listUrl, listId, churnedRows))
      fresh.push(await openWith(page, side.page, listUrl, listId, freshRows))
    }
    await cdp.detach()
    await side.close()
    const churnedFigures = openSummary(churned)
    const freshFigures = openSummary(fresh)
    return {
      toggles,
      churnSeconds: churn.seconds,
      rowsAfterChurn: churn.rows,
      compactions: compactionSummary(churn.compactions),
      stateKb: state.length / 1024,
      churnedKb: churnedRows.reduce((sum, row) => sum + Buffer.from(row, 'base64').length, 0) / 1024,
      churned: churnedFigures,
      fresh: freshFigures,
      ratio: churnedFigures.firstRows / freshFigures.firstRows,
    }
  } finally {
    await browser.close()
  }
}
