/**
 * Stable rows and opening from the cached view, in Chromium at phone size (390×844, touch),
 * against the built relay with a real y-websocket peer.
 */
import { afterAll, beforeAll, expect, test } from 'vitest'
import * as Y from 'yjs'
import type { Page } from 'playwright-core'
import type { PaperId } from '../../src/doc/ids.js'
import { addPaper, setVote } from '../../src/doc/ops.js'
import { rankQueue } from '../../src/doc/queries.js'
import { votesOf } from '../../src/doc/schema.js'
import { connectPeer, keepScreenshot, openWithNewList, paperRow, SCREENSHOTS_DIR, startBuiltRelay } from '../helpers/browser.js'
import type { RunningRelay, TestBrowser } from '../helpers/browser.js'

let relay: RunningRelay
beforeAll(async () => {
  relay = await startBuiltRelay()
})
afterAll(async () => {
  await relay?.stop()
})

/** A phone with a new list of `count` papers a peer added (with a few votes), and the peer's doc. */
async function phoneWithList(count: number) {
  const { browser, page, shareLink, listUrl } = await openWithNewList(relay.url, 'Stable rows')
  const listId = new URL(shareLink).pathname.split('/')[2]!
  const { doc, provider } = await connectPeer(relay.url, shareLink)
  const ids = doc.transact(() => Array.from({ length: count }, (_, i) => addPaper(doc, { title: `Paper ${String(i).padStart(3, '0')}`, authors: ['Ann Example'] }, 'peer', 1_000 + i).id))
  // the first ten papers hold 10..1 votes, the rest none
  doc.transact(() => ids.slice(0, 10).forEach((id, i) => Array.from({ length: 10 - i }, (_, v) => setVote(doc, { paperId: id, memberId: `voter${v}`, on: true }))))
  await expect.poll(() => page.getByRole('tab', { name: /Queue/ }).textContent(), { timeout: 20_000 }).toContain(String(count))
  return { browser, page, doc, provider, ids, listId, listUrl }
}

/** Titles and tops of the ranked rows on screen. */
const rowsOnScreen = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('ol.paper-list li[data-row-id]')]
      .map((row) => ({ title: row.querySelector('.paper-title')?.textContent ?? '', top: Math.round(row.getBoundingClientRect().top) }))
      .filter((row) => row.top > 0 && row.top < window.innerHeight - 40),
  )

const myVotes = (doc: Y.Doc) => [...votesOf(doc).keys()].filter((key) => !key.startsWith('peer') && !key.startsWith('voter'))

test('two taps at the same spot on a mid-list row vote and unvote the same paper; the row stays and shows its new rank', async () => {
  let setup: Awaited<ReturnType<typeof phoneWithList>> | undefined
  try {
    setup = await phoneWithList(80)
    const { page, doc, ids } = setup
    const target = paperRow(page, 'Paper 040')
    await target.scrollIntoViewIfNeeded()
    await page.evaluate(() => window.scrollBy(0, 200))
    const box = (await target.getByRole('button', { name: /vote for Paper 040/i }).boundingBox())!
    const x = box.x + box.width / 2
    const y = box.y + box.height / 2
    const before = await target.boundingBox()

    await page.touchscreen.tap(x, y)
    await expect.poll(() => myVotes(doc).length, { timeout: 10_000 }).toBe(1)
    expect(myVotes(doc)[0]).toContain(ids[40]!)
    // the row did not move; it shows where it now ranks
    await expect.poll(() => target.getByTestId('now-rank').textContent()).toBe('now #11')
    expect((await target.boundingBox())!.y).toBeCloseTo(before!.y, 0)
    expect(await target.getByTestId('vote-count').textContent()).toBe('1')

    // the second tap at the same spot reaches the same paper
    await page.touchscreen.tap(x, y)
    await expect.poll(() => myVotes(doc).length, { timeout: 10_000 }).toBe(0)
    expect(await target.getByTestId('vote-count').textContent()).toBe('0')
    expect((await target.boundingBox())!.y).toBeCloseTo(before!.y, 0)
  } finally {
    setup?.provider.destroy()
    await setup?.browser.close()
  }
})

test("a peer's burst of 50 votes moves no row on screen; the Re-sort chip settles the list into the live order", async () => {
  let setup: Awaited<ReturnType<typeof phoneWithList>> | undefined
  try {
    setup = await phoneWithList(80)
    const { page, doc, ids } = setup
    await paperRow(page, 'Paper 030').scrollIntoViewIfNeeded()
    await page.waitForTimeout(300)
    const seen = await rowsOnScreen(page)
    expect(seen.length).toBeGreaterThan(4)

    // 50 votes, one update each, on papers on screen and off it, from 50 members
    for (let i = 0; i < 50; i++) setVote(doc, { paperId: ids[(i * 7) % 80]!, memberId: `burst${i}`, on: true })
    const expectedTop = rankQueue(doc)[0]!.paper.title
    await expect.poll(() => page.getByTestId('next-up').locator('.next-title').textContent(), { timeout: 15_000 }).toMatch(new RegExp(`^${expectedTop}( ·|$)`))
    await page.waitForTimeout(300)
    const after = await rowsOnScreen(page)
    // (scrolling snaps to whole pixels: a row may stand a pixel off)
    for (const row of seen) expect(Math.abs(after.find((other) => other.title === row.title)!.top - row.top), row.title).toBeLessThanOrEqual(1)

    const chip = page.getByTestId('resort')
    await expect.poll(() => chip.textContent()).toMatch(/^Re-sort \(\d+ places? changed\)$/)
    if (SCREENSHOTS_DIR) {
      await keepScreenshot(page, 'held-light.png')
      await page.emulateMedia({ colorScheme: 'dark' })
      await keepScreenshot(page, 'held-dark.png')
      await page.emulateMedia({ colorScheme: 'light' })
    }
    // the chip is a 44 px tap target
    const chipBox = (await chip.boundingBox())!
    expect(Math.min(chipBox.width, chipBox.height)).toBeGreaterThanOrEqual(44)
    await chip.click()
    await expect.poll(() => chip.count()).toBe(0)
    const shown = await page.evaluate(() => [...document.querySelectorAll('ol.paper-list li[data-row-id]')].map((row) => row.getAttribute('data-row-id')))
    const live = rankQueue(doc).map((row) => row.paper.id as string)
    const first = live.indexOf(shown[0]!)
    expect(first).toBeGreaterThanOrEqual(0)
    expect(shown).toEqual(live.slice(first, first + shown.length))
  } finally {
    setup?.provider.destroy()
    await setup?.browser.close()
  }
})

/**
 * Holds a list's device copy busy from another tab of the same origin (a readwrite
 * transaction on its updates store), so the list page cannot read its document until released.
 */
async function holdDeviceCopy(page: Page, listId: string): Promise<void> {
  await page.evaluate((name) => new Promise<void>((resolve, reject) => {
    const request = indexedDB.open(name)
    request.onerror = () => reject(request.error)
    request.onsuccess = () => {
      const db = request.result
      const transaction = db.transaction('updates', 'readwrite')
      const store = transaction.objectStore('updates')
      const keepBusy = () => {
        if ((window as unknown as { released?: boolean }).released) return
        store.count().onsuccess = keepBusy
      }
      keepBusy()
      resolve()
    }
  }), `shortlist-${listId}`)
}

test('a list reopens from its cached view before its document is read, keeps the taps made then, and hands over without a flash or a moved row', async () => {
  let setup: Awaited<ReturnType<typeof phoneWithList>> | undefined
  try {
    setup = await phoneWithList(80)
    const { browser, page, doc, ids, listId, listUrl } = setup
    // the cached view is written once the page is idle after the changes
    await expect.poll(() => page.evaluate(() => new Promise<number>((resolve) => {
      const request = indexedDB.open('shortlist-views')
      request.onsuccess = () => {
        const db = request.result
        if (!db.objectStoreNames.contains('views')) return resolve(0)
        const get = db.transaction('views').objectStore('views').getAll()
        get.onsuccess = () => resolve((get.result as { rows: unknown[] }[])[0]?.rows.length ?? 0)
      }
      request.onerror = () => resolve(0)
    })), { timeout: 15_000 }).toBe(30)

    // another tab keeps the device copy busy: the reopened list can only paint from its cached view
    const other = await browser.context.newPage()
    await other.goto(`${relay.url}/manifest.webmanifest`)
    await holdDeviceCopy(other, listId)
    // the list's tab is the one in front (a tab behind gets no animation frames)
    await page.bringToFront()
    await page.addInitScript(() => {
      // every frame: were rows in the page once, and did a frame ever show none after that?
      const record = { rowsSeen: false, emptyFrames: 0 }
      ;(window as unknown as { rowFrames: typeof record }).rowFrames = record
      const check = () => {
        const rows = document.querySelectorAll('article.paper-row').length
        if (rows) record.rowsSeen = true
        else if (record.rowsSeen) record.emptyFrames++
        requestAnimationFrame(check)
      }
      requestAnimationFrame(check)
    })
    await page.goto(listUrl)
    await page.locator('ol[data-cached-view] article.paper-row').first().waitFor({ timeout: 10_000 })
    expect(await page.evaluate(() => performance.getEntriesByName('shortlist:render-list').length)).toBe(0)
    expect(await page.evaluate(() => performance.getEntriesByName('shortlist:first-rows').length)).toBe(1)
    await keepScreenshot(page, 'cached-view.png')

    // taps before the document is read: one vote, and one tapped twice (on, off)
    const voted = paperRow(page, 'Paper 012')
    const twice = paperRow(page, 'Paper 014')
    await twice.scrollIntoViewIfNeeded()
    await voted.getByRole('button', { name: /vote for Paper 012/i }).tap({ timeout: 10_000 })
    await twice.getByRole('button', { name: /vote for Paper 014/i }).tap({ timeout: 10_000 })
    await twice.getByRole('button', { name: /vote for Paper 014/i }).tap({ timeout: 10_000 })
    expect(await voted.getByTestId('vote-count').textContent()).toBe('1')
    expect(await voted.getByRole('button', { name: /vote for Paper 012/i }).getAttribute('aria-pressed')).toBe('true')
    expect(await twice.getByTestId('vote-count').textContent()).toBe('0')
    const before = await rowsOnScreen(page)
    expect(myVotes(doc)).toEqual([])

    await other.evaluate(() => ((window as unknown as { released: boolean }).released = true))
    await page.locator('ol.paper-list:not([data-cached-view])').waitFor({ timeout: 15_000 })
    await keepScreenshot(page, 'hydrated.png')
    expect(await page.evaluate(() => performance.getEntriesByName('shortlist:render-list').length)).toBe(1)
    // the rows on screen stayed where they were
    const after = await rowsOnScreen(page)
    for (const row of before) expect(after.find((other) => other.title === row.title)?.top, row.title).toBe(row.top)
    expect(await page.evaluate(() => (window as unknown as { rowFrames: { emptyFrames: number } }).rowFrames.emptyFrames)).toBe(0)

    // the taps arrive once each
    await expect.poll(() => myVotes(doc).length, { timeout: 15_000 }).toBe(1)
    expect(myVotes(doc)[0]).toContain(ids[12] as PaperId)
    expect(await voted.getByTestId('vote-count').textContent()).toBe('1')
    await page.reload()
    await paperRow(page, 'Paper 012').waitFor()
    await page.waitForTimeout(1_000)
    expect(myVotes(doc).length).toBe(1)
  } finally {
    setup?.provider.destroy()
    await setup?.browser.close()
  }
})
