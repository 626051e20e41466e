import { afterAll, beforeAll, expect, test } from 'vitest'
import { addByTitle, createList, enterName, openBrowser, paperRow, startBuiltRelay, waitForBadge } from '../helpers/browser.js'
import type { RunningRelay, TestBrowser } from '../helpers/browser.js'
import type { Page } from 'playwright-core'

let relay: RunningRelay
beforeAll(async () => {
  relay = await startBuiltRelay()
})
afterAll(async () => {
  await relay?.stop()
})

/** The ranked list as text rows: title and vote count, in order. */
async function rankedRows(page: Page): Promise<string[]> {
  return page.locator('ol[aria-label="Ranked papers"] article.paper-row').evaluateAll((rows) =>
    rows.map((row) => `${row.querySelector('.paper-title')?.textContent} (${row.querySelector('[data-testid="vote-count"]')?.textContent})`))
}

test('a phone that edits offline while another device edits too converges once back online', async () => {
  let a: TestBrowser | undefined
  let b: TestBrowser | undefined
  try {
    a = await openBrowser()
    b = await openBrowser({ phone: true })
    await a.page.goto(relay.url)
    await enterName(a.page, 'Ada')
    const { shareLink } = await createList(a.page, 'Offline club')
    await addByTitle(a.page, 'Paper one')
    await waitForBadge(a.page, 'synced')
    await b.page.goto(shareLink)
    await enterName(b.page, 'Bo')
    await paperRow(b.page, 'Paper one').waitFor()
    await waitForBadge(b.page, 'synced')

    await b.context.setOffline(true)
    await paperRow(b.page, 'Paper one').getByRole('button', { name: /vote for/i }).click()
    await addByTitle(b.page, 'Written on the train')
    await b.page.locator('.sync-badge[data-unsynced="true"]').waitFor({ timeout: 15_000 })
    const offlineBadge = await b.page.locator('.sync-badge').textContent()
    expect(offlineBadge).toMatch(/not yet on the relay/)

    await addByTitle(a.page, 'Written at the desk')
    await paperRow(a.page, 'Written at the desk').getByRole('button', { name: /vote for/i }).click()
    await waitForBadge(a.page, 'synced')
    // B, offline, has not seen A's paper
    expect(await paperRow(b.page, 'Written at the desk').count()).toBe(0)

    await b.context.setOffline(false)
    await waitForBadge(b.page, 'synced', 40_000)
    await paperRow(b.page, 'Written at the desk').waitFor()
    await paperRow(a.page, 'Written on the train').waitFor()
    // rows on screen keep their places until a calm moment: the same rows and counts now, the same order once re-sorted
    const sorted = async (page: Page) => JSON.stringify((await rankedRows(page)).sort())
    await expect.poll(async () => sorted(a!.page), { timeout: 10_000 }).toBe(await sorted(b.page))
    for (const page of [a.page, b.page]) if (await page.getByTestId('resort').count()) await page.getByTestId('resort').click()
    await expect.poll(async () => JSON.stringify(await rankedRows(a!.page)), { timeout: 10_000 }).toBe(JSON.stringify(await rankedRows(b.page)))
    const rows = await rankedRows(a.page)
    expect(rows).toHaveLength(3)
    expect(rows).toContain('Paper one (1)')
    expect(rows).toContain('Written at the desk (1)')
    expect(rows).toContain('Written on the train (0)')
  } finally {
    await a?.close()
    await b?.close()
  }
})
