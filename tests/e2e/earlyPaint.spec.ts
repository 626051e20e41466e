/**
 * The page's first script paints a list's cached rows before the app's code has loaded, at
 * phone size, against the built relay with a real y-websocket peer: a tap there counts once,
 * the app takes the rows over with no frame without rows and no row moved, and a cached view
 * that is corrupt or of another version paints nothing early.
 */
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { Page, Route } from 'playwright-core'
import type { PaperId } from '../../src/doc/ids.js'
import { addPaper, setVote } from '../../src/doc/ops.js'
import { votesOf } from '../../src/doc/schema.js'
import { CACHED_VIEW_VERSION } from '../../src/sync/cachedView.js'
import { connectPeer, keepScreenshot, openWithNewList, paperRow, startBuiltRelay } from '../helpers/browser.js'
import type { RunningRelay } from '../helpers/browser.js'

let relay: RunningRelay
beforeAll(async () => {
  relay = await startBuiltRelay()
})
afterAll(async () => {
  await relay?.stop()
})

const HOSTILE = '<img src=x onerror="window.hacked=1">'

/** A phone with a list of 40 papers from a peer (one with a title that looks like HTML), its cached view written. */
async function phoneWithCachedList() {
  const { browser, page, shareLink, listUrl } = await openWithNewList(relay.url, 'Early rows')
  const listId = new URL(shareLink).pathname.split('/')[2]!
  const { doc, provider } = await connectPeer(relay.url, shareLink)
  const ids = doc.transact(() => Array.from({ length: 40 }, (_, i) => addPaper(doc, {
    title: i === 1 ? HOSTILE : `Paper ${String(i).padStart(3, '0')}`, authors: ['Ann Example'], ...(i === 1 ? { codeUrl: 'https://example.org/code' } : {}),
  }, 'peer', 1_000 + i).id))
  doc.transact(() => ids.slice(0, 5).forEach((id, i) => Array.from({ length: 5 - i }, (_, v) => setVote(doc, { paperId: id, memberId: `voter${v}`, on: true }))))
  await expect.poll(() => page.getByRole('tab', { name: /Queue/ }).textContent(), { timeout: 20_000 }).toContain('40')
  await expect.poll(() => cachedRows(page), { timeout: 15_000 }).toBe(30)
  return { browser, page, doc, provider, ids, listId, listUrl }
}

/** Rows in the list's cached view as stored (0 when there is none or it is of another version). */
const cachedRows = (page: Page) => page.evaluate((version) => new Promise<number>((resolve) => {
  const request = indexedDB.open('shortlist-views')
  request.onsuccess = () => {
    const db = request.result
    if (!db.objectStoreNames.contains('views')) return resolve(0)
    const get = db.transaction('views').objectStore('views').getAll()
    get.onsuccess = () => {
      const view = (get.result as { version?: unknown; rows?: unknown[] }[])[0]
      resolve(view?.version === version ? view.rows?.length ?? 0 : 0)
    }
  }
  request.onerror = () => resolve(0)
}), CACHED_VIEW_VERSION)

/** Rewrites the stored cached view of `listId` with `change` (run in the page). */
const rewriteCachedView = (page: Page, listId: string, change: 'corrupt' | 'other-version') => page.evaluate(({ id, how }) => new Promise<void>((resolve, reject) => {
  const request = indexedDB.open('shortlist-views')
  request.onsuccess = () => {
    const store = request.result.transaction('views', 'readwrite').objectStore('views')
    const get = store.get(id)
    get.onsuccess = () => {
      const record = get.result as Record<string, unknown>
      const put = store.put(how === 'corrupt' ? { ...record, rows: [{ id: 42, title: null }] } : { ...record, version: 999 }, id)
      put.onsuccess = () => resolve()
      put.onerror = () => reject(put.error)
    }
  }
  request.onerror = () => reject(request.error)
}), { id: listId, how: change })

/** In every page of the context: per frame, whether rows were seen, frames without rows after that, and frames showing early and the app's rows. */
async function recordFrames(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const record = { rowsSeen: false, emptyFrames: 0, earlyFrames: 0, appFrames: 0, earlySeen: false }
    ;(window as unknown as { rowFrames: typeof record }).rowFrames = record
    const check = () => {
      const rows = document.querySelectorAll('article.paper-row').length
      if (rows) record.rowsSeen = true
      else if (record.rowsSeen) record.emptyFrames++
      if (document.querySelector('ol[data-early] article.paper-row')) record.earlyFrames++
      else if (rows) record.appFrames++
      requestAnimationFrame(check)
    }
    requestAnimationFrame(check)
    new MutationObserver(() => {
      if (document.querySelector('ol[data-early]')) record.earlySeen = true
    }).observe(document, { childList: true, subtree: true })
  })
}

const frames = (page: Page) => page.evaluate(() => (window as unknown as { rowFrames: { emptyFrames: number; earlyFrames: number; appFrames: number; earlySeen: boolean } }).rowFrames)

/** Titles and tops of the rows on screen. */
const rowsOnScreen = (page: Page) => page.evaluate(() =>
  [...document.querySelectorAll('ol.paper-list li[data-row-id]')]
    .map((row) => ({ title: row.querySelector('.paper-title')?.textContent ?? '', top: Math.round(row.getBoundingClientRect().top) }))
    .filter((row) => row.top > 0 && row.top < window.innerHeight - 40))

/** The service worker out of the way, so the app's chunk is fetched from the relay (and can be held back). */
async function withoutServiceWorker(page: Page): Promise<void> {
  await page.evaluate(async () => {
    for (const registration of await navigator.serviceWorker.getRegistrations()) await registration.unregister()
  })
}

test('the first script paints the cached rows before the app loads; a tap there counts once after the app takes over, with no empty frame and no row moved', async () => {
  let setup: Awaited<ReturnType<typeof phoneWithCachedList>> | undefined
  try {
    setup = await phoneWithCachedList()
    const { page, doc, ids, listUrl } = setup
    await withoutServiceWorker(page)
    // the app's code waits until the test lets it through
    let release = () => {}
    const held = new Promise<void>((resolve) => (release = resolve))
    await page.route(/\/assets\/app-[^/]+\.js$/, async (route: Route) => {
      await held
      await route.continue()
    })
    await recordFrames(page)
    await page.goto(listUrl)
    await page.locator('ol[data-early] article.paper-row').first().waitFor({ timeout: 15_000 })
    // painted by the first script alone: the app's entry has not run
    expect(await page.evaluate(() => performance.getEntriesByName('shortlist:script').length)).toBe(0)
    await expect.poll(() => page.evaluate(() => performance.getEntriesByName('shortlist:first-rows').length)).toBe(1)
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Early rows')
    // peer text stays text; its https link is a link
    const hostile = paperRow(page, HOSTILE)
    expect(await hostile.locator('.paper-title').textContent()).toBe(HOSTILE)
    expect(await page.locator('ol[data-early] img').count()).toBe(0)
    expect(await page.evaluate(() => (window as unknown as { hacked?: number }).hacked)).toBeUndefined()
    expect(await hostile.locator('.links a').evaluateAll((links) => links.map((link) => link.getAttribute('href')))).toEqual(['https://example.org/code'])
    await keepScreenshot(page, 'early-rows.png')

    // a tap before the app has loaded: shown at once
    const voted = paperRow(page, 'Paper 006')
    await voted.getByRole('button', { name: /vote for Paper 006/i }).tap()
    expect(await voted.getByRole('button', { name: /vote for Paper 006/i }).getAttribute('aria-pressed')).toBe('true')
    expect(await voted.getByTestId('vote-count').textContent()).toBe('1')
    const before = await rowsOnScreen(page)
    expect(before.length).toBeGreaterThan(3)
    expect(myVotes(doc)).toEqual([])

    release()
    await page.locator('ol.paper-list:not([data-cached-view])').waitFor({ timeout: 20_000 })
    await keepScreenshot(page, 'early-rows-hydrated.png')
    // the early rows, then the app's: never a frame without rows, no row moved, one first-rows mark
    const seen = await frames(page)
    expect(seen.earlyFrames).toBeGreaterThan(0)
    expect(seen.appFrames).toBeGreaterThan(0)
    expect(seen.emptyFrames).toBe(0)
    const after = await rowsOnScreen(page)
    for (const row of before) expect(after.find((other) => other.title === row.title)?.top, row.title).toBe(row.top)
    expect(await page.evaluate(() => performance.getEntriesByName('shortlist:first-rows').length)).toBe(1)

    // the tap arrives once
    await expect.poll(() => myVotes(doc).length, { timeout: 15_000 }).toBe(1)
    expect(myVotes(doc)[0]).toContain(ids[6] as PaperId)
    expect(await paperRow(page, 'Paper 006').getByRole('button', { name: /vote for Paper 006/i }).getAttribute('aria-pressed')).toBe('true')
    await page.unroute(/\/assets\/app-[^/]+\.js$/)
    await page.reload()
    await page.locator('ol.paper-list:not([data-cached-view])').waitFor({ timeout: 20_000 })
    await page.waitForTimeout(1_000)
    expect(myVotes(doc).length).toBe(1)
  } finally {
    setup?.provider.destroy()
    await setup?.browser.close()
  }
})

test('a cached view that is corrupt or of another version paints nothing early; the list opens from its document', async () => {
  let setup: Awaited<ReturnType<typeof phoneWithCachedList>> | undefined
  try {
    setup = await phoneWithCachedList()
    const { page, listId, listUrl } = setup
    await recordFrames(page)
    for (const change of ['corrupt', 'other-version'] as const) {
      await rewriteCachedView(page, listId, change)
      await page.reload()
      await page.locator('ol.paper-list:not([data-cached-view]) article.paper-row').first().waitFor({ timeout: 20_000 })
      expect((await frames(page)).earlySeen, change).toBe(false)
      expect(await paperRow(page, 'Paper 000').count()).toBe(1)
      // the list page writes a good view again once idle
      await expect.poll(() => cachedRows(page), { timeout: 15_000 }).toBe(30)
    }
    // and with the good view back, the next open paints early again
    await page.goto(listUrl)
    await page.locator('ol.paper-list:not([data-cached-view]) article.paper-row').first().waitFor({ timeout: 20_000 })
    expect((await frames(page)).earlySeen).toBe(true)
  } finally {
    setup?.provider.destroy()
    await setup?.browser.close()
  }
})

const myVotes = (doc: import('yjs').Doc) => [...votesOf(doc).keys()].filter((key) => !key.startsWith('peer') && !key.startsWith('voter'))
