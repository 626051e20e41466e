import { afterAll, beforeAll, expect, test } from 'vitest'
import { addByTitle, openWithNewList, startBuiltRelay } from '../helpers/browser.js'
import type { RunningRelay, TestBrowser } from '../helpers/browser.js'

let relay: RunningRelay
beforeAll(async () => {
  relay = await startBuiltRelay()
})
afterAll(async () => {
  await relay?.stop()
})

test('a list that keeps receiving votes is compacted while open, keeps few rows and every vote', async () => {
  let browser: TestBrowser | undefined
  try {
    const opened = await openWithNewList(relay.url, 'Many votes', { phone: false })
    browser = opened.browser
    const { page, listUrl } = opened
    for (const title of ['First paper', 'Second paper', 'Third paper']) await addByTitle(page, title)
    const listId = new URL(listUrl).pathname.split('/')[2]!
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 20_000 })
    await browser.context.setOffline(true)

    // 1,501 toggles over three papers, 30 at a time with no quiet second between them
    await page.evaluate(async () => {
      for (let done = 0; done < 1_501;) {
        for (let i = 0; i < 30 && done < 1_501; i++, done++) document.querySelectorAll<HTMLButtonElement>('article.paper-row button.vote')[done % 3]!.click()
        await new Promise((resolve) => setTimeout(resolve, 30))
      }
    })
    await page.waitForFunction(() => performance.getEntriesByName('shortlist:store-compacted').length > 0, undefined, { timeout: 30_000 })
    expect(await page.evaluate(() => performance.getEntriesByName('shortlist:store-compact-failed').length)).toBe(0)
    const pressed = () => page.locator('article.paper-row button.vote[aria-pressed="true"]').count()
    const before = await pressed()
    expect(before).toBe(1) // 1,501 toggles: 501 on the first paper, 500 on each other

    const rows = await page.evaluate((name) => new Promise<number>((resolve, reject) => {
      const request = indexedDB.open(name)
      request.onerror = () => reject(request.error)
      request.onsuccess = () => {
        const counting = request.result.transaction('updates', 'readonly').objectStore('updates').count()
        counting.onsuccess = () => {
          request.result.close()
          resolve(counting.result)
        }
      }
    }), `shortlist-${listId}`)
    expect(rows).toBeLessThan(600)

    await page.reload()
    await page.locator('article.paper-row').first().waitFor()
    expect(await pressed()).toBe(1)
  } finally {
    await browser?.close()
  }
})
