/**
 * A list after many vote toggles against a fresh copy of the same content (see
 * `bench/README.md`, "A churned list"): the app makes the toggles through its own vote
 * buttons, offline, and is closed 0.2 s after the last one (before y-indexeddb's own
 * one-second wait for quiet); then the list is opened `runs` times. The fresh copy is what a
 * device that just synced the same document stores: the document as one row.
 */
import * as Y from 'yjs'
import { DEVICE_PROFILES, median, openBrowser, prepareOfflineList, throttle } from '../shared/harness.mjs'

/**
 * Toggles made per task, and the pause between tasks, in which the page's timers (and its
 * compaction) run: at most 1,000 toggles a second, about what IndexedDB here commits one
 * transaction per update at (faster, the writes queue up and the list is closed with them
 * unwritten).
 */
const TOGGLES_PER_TASK = 50
const PAUSE_MS = 50

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

/** In the page: `toggles` clicks on the vote buttons of the first ten rows, in turn. */
const toggleVotes = (page, toggles, perTask, pauseMs) => page.evaluate(async ({ toggles, perTask, pauseMs }) => {
  let done = 0
  while (done < toggles) {
    for (let i = 0; i < perTask && done < toggles; i++, done++) {
      const buttons = document.querySelectorAll('article.paper-row button.vote')
      buttons[done % Math.min(10, buttons.length)].click()
    }
    await new Promise((resolve) => setTimeout(resolve, pauseMs))
  }
}, { toggles, perTask, pauseMs })

/** Opens the list `runs` times, each kept open `OPEN_FOR_MS` (time for work after load, as a person reading); first rows painted and rows stored at open. */
async function opens(page, listUrl, listId, runs) {
  const firstRows = []
  const rows = []
  for (let run = 0; run < runs; run++) {
    await page.goto(listUrl)
    await page.waitForFunction(() => window.__bench?.firstRows !== undefined, null, { timeout: 300_000 })
    firstRows.push(await page.evaluate(() => window.__bench.firstRows))
    rows.push(await countRows(page, listId))
    await page.waitForTimeout(OPEN_FOR_MS)
  }
  return { firstRows, rows }
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
    await context.addInitScript(watchFirstRows)
    await page.goto(listUrl)
    await page.waitForFunction(() => window.__bench?.firstRows !== undefined, null, { timeout: 120_000 })
    const started = Date.now()
    await toggleVotes(page, toggles, TOGGLES_PER_TASK, PAUSE_MS)
    const churnSeconds = (Date.now() - started) / 1000
    await page.waitForTimeout(200)
    const rowsAfterChurn = await countRows(page, listId)
    // the app marks each compaction it made (a build without compaction marks none)
    const compactions = await page.evaluate(() => performance.getEntriesByType('mark')
      .filter((mark) => mark.name.startsWith('shortlist:store-compact'))
      .map((mark) => ({ name: mark.name, at: mark.startTime, detail: mark.detail })))
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
      churnSeconds,
      rowsAfterChurn,
      compactions: { count: compactions.length, longestMs: Math.max(0, ...compactions.map((run) => run.detail?.ms ?? 0)), failed: compactions.filter((run) => run.name.endsWith('failed')).length, runs: compactions },
      stateKb: state.length / 1024,
      churned: { runs: churned.firstRows, rows: churned.rows, firstRows: median(churned.firstRows), firstOpen: churned.firstRows[0] },
      fresh: { runs: fresh.firstRows, rows: fresh.rows, firstRows: median(fresh.firstRows) },
      ratio: median(churned.firstRows) / median(fresh.firstRows),
    }
  } finally {
    await browser.close()
  }
}
