/**
 * Opening a stored list, the app beside the floor page, on a device profile (see
 * `bench/README.md`, "Opening a list"). Each run reloads the app offline (service worker in
 * control) and the floor page, alternately, so background load hits both alike.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import WebSocket from 'ws'
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { buildFloor } from '../floor/build.mjs'
import { DEVICE_PROFILES, median, openBrowser, prepareOfflineList, root, throttle, voteToPaint } from '../shared/harness.mjs'

/** How long one page may take to open a list before the run fails. */
const OPEN_TIMEOUT_MS = 120_000

/** How long the app, open online, may take to send a list the relay lacks (10,000 papers: about 10 MB in 1 MiB frames) before the peer figure fails. */
const UPLOAD_TIMEOUT_MS = 180_000

/** Runs in every page: the figures of one open (see the README), in `window.__bench`. */
function watchOpen({ docMark }) {
  const bench = (window.__bench = {})
  const paint = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)))
  const observer = new MutationObserver(() => {
    const button = document.querySelector('article.paper-row button.vote')
    if (!button) return
    observer.disconnect()
    void paint().then(async () => {
      bench.firstRows = performance.now()
      // the earliest a person could tap: the vote button of the top row, once painted
      const id = button.closest('article').dataset.paperId
      const before = button.getAttribute('aria-pressed')
      const current = () => document.querySelector(`article.paper-row[data-paper-id="${CSS.escape(id)}"] button.vote`)
      bench.tappedAt = performance.now()
      current()?.click()
      const loaded = () => !docMark || performance.getEntriesByName('shortlist:doc-loaded').length > 0
      // bounded: the run's own timeout ends the page
      while (!(loaded() && current()?.getAttribute('aria-pressed') !== before)) await new Promise((resolve) => setTimeout(resolve, 1))
      await paint()
      bench.voteCounted = performance.now()
    })
  })
  observer.observe(document, { childList: true, subtree: true })
}

/** The page's `<script src>` files and every chunk they import statically (what runs before any of the page's own code), read from `staticDir`. */
function entryClosure(staticDir, htmlPath) {
  const html = readFileSync(path.join(staticDir, htmlPath), 'utf8')
  const seen = new Set()
  const stack = [...html.matchAll(/<script[^>]*\ssrc="([^"]+\.js)"/g)].map((match) => new URL(match[1], `http://page/${htmlPath}`).pathname)
  // bound: the build's files, each visited once
  while (stack.length) {
    const url = stack.pop()
    if (seen.has(url)) continue
    seen.add(url)
    const code = readFileSync(path.join(staticDir, url), 'utf8')
    for (const match of code.matchAll(/(?:^|[;\n}])\s*import\s*(?:[^"'()]*?from\s*)?["']\.\/([^"']+\.js)["']/g)) stack.push(path.posix.join(path.posix.dirname(url), match[1]))
  }
  return seen
}

/**
 * The page's JS in two honest figures (gzip, files read from `staticDir`): `first`, what ran
 * before the first rows were painted (the page's entry scripts with their static imports, and
 * any script requested before that paint other than one the page only preloads with
 * `<link rel="modulepreload">`); `start`, every script fetched until the list was interactive (`until`: the
 * list page rendered from its document, or the vote counted), preloads included.
 */
async function startScripts(page, staticDir, firstRows, until) {
  const entries = await page.evaluate(() => performance.getEntriesByType('resource')
    .filter((entry) => entry.name.endsWith('.js'))
    .map((entry) => ({ url: new URL(entry.name).pathname, startTime: entry.startTime })))
  const htmlPath = new URL(page.url()).pathname.startsWith('/floor/') ? 'floor/index.html' : 'index.html'
  const first = entryClosure(staticDir, htmlPath)
  const html = readFileSync(path.join(staticDir, htmlPath), 'utf8')
  const preloaded = new Set([...html.matchAll(/<link rel="modulepreload"[^>]*href="([^"]+\.js)"/g)].map((match) => new URL(match[1], `http://page/${htmlPath}`).pathname))
  for (const entry of entries) if (entry.startTime < firstRows && !preloaded.has(entry.url)) first.add(entry.url)
  const start = new Set([...first, ...entries.filter((entry) => entry.startTime < until).map((entry) => entry.url)])
  const kb = (urls) => [...urls].reduce((sum, url) => sum + gzipSync(readFileSync(path.join(staticDir, url))).length, 0) / 1024
  return { firstKb: kb(first), startKb: kb(start), firstFiles: [...first].map((url) => path.basename(url)), startFiles: [...start].map((url) => path.basename(url)) }
}

/** Heap after a full GC, in MB (CDP `HeapProfiler.collectGarbage`, then `Performance.getMetrics`). */
async function heapAfterGc(cdp) {
  await cdp.send('Performance.enable')
  await cdp.send('HeapProfiler.collectGarbage')
  const { metrics } = await cdp.send('Performance.getMetrics')
  return metrics.find((metric) => metric.name === 'JSHeapUsedSize').value / 1_048_576
}

/** One open of a page, its figures. */
async function openOnce(page, cdp, url, staticDir) {
  // a background tab gets no animation frames: the page measured is the one in front
  await page.bringToFront()
  await page.goto(url)
  await page.waitForFunction(() => window.__bench?.voteCounted !== undefined, null, { timeout: OPEN_TIMEOUT_MS })
  const seen = await page.evaluate(() => ({ ...window.__bench, mark: performance.getEntriesByName('shortlist:first-rows')[0]?.startTime ?? null, listRendered: performance.getEntriesByName('shortlist:render-list')[0]?.startTime ?? null }))
  const scripts = await startScripts(page, staticDir, seen.firstRows, seen.listRendered ?? seen.voteCounted)
  await page.waitForTimeout(1_000)
  const vote = await voteToPaint(page)
  const heap = await heapAfterGc(cdp)
  return { firstRows: seen.firstRows, firstRowsMark: seen.mark, voteCounts: seen.voteCounted, vote, heap, jsKb: scripts.firstKb, jsFiles: scripts.firstFiles, jsStartKb: scripts.startKb, jsStartFiles: scripts.startFiles }
}

/** A line on stderr about where a long run is (the figures go to stdout). */
export const progress = (line) => process.stderr.write(`  … ${line}\n`)

/** A copy of the app's build with the floor page built into `floor/`, served from one origin. */
export async function staticWithFloor(staticDir) {
  const dir = mkdtempSync(path.join(tmpdir(), 'shortlist-bench-static-'))
  cpSync(path.resolve(root, staticDir), dir, { recursive: true })
  await buildFloor(dir)
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

/** A relay client on the list (Node, real y-websocket), synced until it holds `count` papers. */
async function peerClient(relayUrl, listId, fragment, count) {
  const { accessProtocols, parseFragment } = await import(path.join(root, 'build/src/sync/access.js'))
  const { paperIds } = await import(path.join(root, 'build/src/doc/queries.js'))
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(`${relayUrl.replace(/^http/, 'ws')}/sync`, listId, doc, {
    WebSocketPolyfill: WebSocket, disableBc: true, protocols: await accessProtocols(parseFragment(fragment)),
  })
  const deadline = Date.now() + UPLOAD_TIMEOUT_MS
  while (!(provider.synced && paperIds(doc).length >= count)) {
    if (Date.now() > deadline) {
      provider.destroy()
      throw new Error(`the relay held ${paperIds(doc).length} of ${count} papers after ${UPLOAD_TIMEOUT_MS / 1000} s`)
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return { doc, close: () => provider.destroy() }
}

/** From a peer's vote written on the relay to the paint of the top row's new count in `page`, `votes` times. */
async function peerVotes(page, peer, votes, tag) {
  const ops = await import(path.join(root, 'build/src/doc/ops.js'))
  const times = []
  for (let i = 0; i < votes; i++) {
    const id = await page.evaluate(() => document.querySelector('article.paper-row').dataset.paperId)
    const painted = page.evaluate((paperId) => new Promise((resolve) => {
      const count = () => document.querySelector(`article.paper-row[data-paper-id="${CSS.escape(paperId)}"] [data-testid=vote-count]`)?.textContent
      const before = count()
      const observer = new MutationObserver(() => {
        if (count() === before) return
        observer.disconnect()
        requestAnimationFrame(() => setTimeout(() => resolve(performance.timeOrigin + performance.now()), 0))
      })
      observer.observe(document.body, { subtree: true, childList: true, characterData: true })
    }), id)
    await page.waitForTimeout(200)
    const sent = performance.timeOrigin + performance.now()
    ops.setVote(peer.doc, { paperId: id, memberId: `bench-peer-${tag}-${i}`, on: true })
    times.push((await painted) - sent)
    await page.waitForTimeout(300)
  }
  return median(times)
}

/**
 * Opens a list of `count` papers `runs` times in the app and in the floor page, on a device
 * profile, then times peers' votes; returns every figure's median and each run.
 */
export async function benchOpen({ relayUrl, staticDir, profileName, count, runs, backupFile, peer = true }) {
  const profile = DEVICE_PROFILES[profileName]
  const browser = await openBrowser(profile.context)
  try {
    const { page, context } = browser
    const listUrl = await prepareOfflineList(page, context, { relayUrl, backupFile, count })
    progress(`${profileName}, ${count} papers: list restored`)
    const listId = new URL(listUrl).pathname.split('/')[2]
    const { memberId, docMark, fragment } = await page.evaluate((id) => ({
      memberId: JSON.parse(localStorage.getItem('shortlist.identity')).memberId,
      fragment: JSON.parse(localStorage.getItem('shortlist.lists')).find((list) => list.id === id).fragment,
      docMark: performance.getEntriesByName('shortlist:doc-loaded').length > 0,
    }), listId)
    await context.addInitScript(watchOpen, { docMark })
    const floorUrl = `${relayUrl}/floor/index.html?list=${encodeURIComponent(listId)}&member=${encodeURIComponent(memberId)}`
    const appCdp = await throttle(context, page, profile)
    const floorPage = await context.newPage()
    const floorCdp = await throttle(context, floorPage, profile)
    // the floor is not in the app's precache: it loads past the service worker, from the relay on 127.0.0.1
    await floorCdp.send('Network.enable')
    await floorCdp.send('Network.setBypassServiceWorker', { bypass: true })
    const app = []
    const floor = []
    // run -1 warms both pages' caches (HTTP, V8 code cache) and is not counted
    for (let run = -1; run < runs; run++) {
      await context.setOffline(true)
      const appRun = await openOnce(page, appCdp, listUrl, staticDir)
      await page.goto('about:blank')
      await context.setOffline(false)
      const floorRun = await openOnce(floorPage, floorCdp, floorUrl, staticDir)
      await floorPage.goto('about:blank')
      progress(`${profileName}, ${count} papers: run ${run + 1} of ${runs} (0 warms up): app ${appRun.firstRows.toFixed(0)} ms, floor ${floorRun.firstRows.toFixed(0)} ms`)
      if (run < 0) continue
      app.push(appRun)
      floor.push(floorRun)
    }
    const result = { app: summarise(app), floor: summarise(floor), runs: { app, floor } }
    if (peer) {
      // the list went offline as soon as it was restored, before a big one was on the relay:
      // the app, open online, sends what the relay lacks while the peer waits for all of it
      await context.setOffline(false)
      await page.bringToFront()
      await page.goto(listUrl)
      await page.waitForFunction(() => window.__bench?.voteCounted !== undefined, null, { timeout: OPEN_TIMEOUT_MS })
      const client = await peerClient(relayUrl, listId, fragment, count)
      try {
        await page.waitForTimeout(2_000)
        result.app.peerVote = await peerVotes(page, client, runs, 'app')
        await page.goto('about:blank')
        await floorPage.bringToFront()
        await floorPage.goto(`${floorUrl}&peer=1`)
        await floorPage.waitForFunction(() => window.__bench?.voteCounted !== undefined, null, { timeout: OPEN_TIMEOUT_MS })
        await floorPage.waitForTimeout(2_000)
        result.floor.peerVote = await peerVotes(floorPage, client, runs, 'floor')
      } finally {
        client.close()
      }
    }
    return result
  } finally {
    await browser.close()
  }
}

/** Medians of each figure over the runs. */
function summarise(runs) {
  const of = (name) => median(runs.map((run) => run[name]))
  return { firstRows: of('firstRows'), voteCounts: of('voteCounts'), vote: of('vote'), heap: of('heap'), jsKb: of('jsKb'), jsFiles: runs[0].jsFiles, jsStartKb: of('jsStartKb'), jsStartFiles: runs[0].jsStartFiles }
}
