import { afterAll, beforeAll, expect, test } from 'vitest'
import { addByTitle, openBrowser, openWithNewList, paperRow, startBuiltRelay, waitForBadge } from '../helpers/browser.js'
import type { RunningRelay, TestBrowser } from '../helpers/browser.js'

let relay: RunningRelay
beforeAll(async () => {
  relay = await startBuiltRelay()
})
afterAll(async () => {
  await relay?.stop()
})

test('after a first visit the app and the list open with no network, also after a browser restart', async () => {
  let browser: TestBrowser | undefined
  let restarted: TestBrowser | undefined
  try {
    const opened = await openWithNewList(relay.url, 'Train reading')
    browser = opened.browser
    const { page, listUrl } = opened
    await addByTitle(page, 'Read me offline')
    await waitForBadge(page, 'synced')
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 20_000 })

    await browser.context.setOffline(true)
    await page.reload()
    await paperRow(page, 'Read me offline').waitFor()
    expect(await page.locator('.list-title').textContent()).toBe('Train reading')
    await waitForBadge(page, 'offline')

    await browser.close({ keepProfile: true })
    restarted = await openBrowser({ phone: true, profile: browser.profile, offline: true })
    await restarted.page.goto(listUrl)
    await paperRow(restarted.page, 'Read me offline').waitFor()
    expect(await restarted.page.locator('.list-title').textContent()).toBe('Train reading')
    await restarted.page.goto(relay.url)
    await restarted.page.getByRole('link', { name: /Train reading/ }).waitFor()
  } finally {
    await browser?.close()
    await restarted?.close()
  }
})
