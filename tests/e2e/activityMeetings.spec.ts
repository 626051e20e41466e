import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { Page } from 'playwright-core'
import { openAddSheet, openWithNewList, startBuiltRelay } from '../helpers/browser.js'
import type { RunningRelay, TestBrowser } from '../helpers/browser.js'

let relay: RunningRelay
beforeAll(async () => {
  relay = await startBuiltRelay()
})
afterAll(async () => {
  await relay?.stop()
})

const samplePage = readFileSync('tests/fixtures/io/papers-page-sample.txt', 'utf8')
const section = (page: Page, name: 'Papers' | 'Meetings' | 'Activity') =>
  page.getByRole('navigation', { name: 'List sections' }).getByRole('link', { name: new RegExp(`^${name}`) }).click()
const upcoming = (page: Page) => page.getByRole('list', { name: 'Upcoming meetings' }).locator('article.meeting-item').first()
const undoFromToast = (page: Page, text: string | RegExp) => page.locator('.toast', { hasText: text }).getByRole('button', { name: 'Undo' }).click()

test('on a phone, an import shows as one expandable activity line, and close, skip and held are undone from the toast', async () => {
  let browser: TestBrowser | undefined
  try {
    browser = (await openWithNewList(relay.url, 'Bulk club')).browser
    const { page } = browser

    // a copied page of 12 papers, added in one go
    await openAddSheet(page)
    await page.getByLabel(/arXiv id, DOI or link/).fill(samplePage)
    await page.getByRole('button', { name: 'Add', exact: true }).click()
    await page.getByRole('button', { name: 'Add 12 papers' }).click()
    await expect.poll(() => page.locator('article.paper-row').count()).toBe(12)

    await section(page, 'Activity')
    const lines = page.getByRole('list', { name: 'Activity' }).locator(':scope > li')
    await expect.poll(() => lines.count()).toBe(1)
    expect((await lines.first().locator('.activity-group-head').textContent())!.replace(/\s+/g, ' ')).toMatch(/^You added 12 papers ?just now$/)
    await page.getByRole('button', { name: 'Show 12' }).click()
    const toggle = page.getByRole('button', { name: 'Hide 12' })
    await expect.poll(() => lines.first().locator('.activity-group-items li').count()).toBe(12)
    expect(await toggle.getAttribute('aria-expanded')).toBe('true')
    const box = await toggle.boundingBox()
    expect(box!.height).toBeGreaterThanOrEqual(44)

    // a meeting tomorrow: close voting, then undo
    await section(page, 'Meetings')
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10)
    const oneOff = page.getByRole('form', { name: 'One-off meeting' })
    await oneOff.getByLabel('Date', { exact: true }).fill(tomorrow)
    await oneOff.getByLabel('At', { exact: true }).fill('16:00')
    await oneOff.getByRole('button', { name: 'Add meeting' }).click()
    await expect.poll(() => upcoming(page).getAttribute('data-meeting')).toBe(tomorrow)

    await upcoming(page).getByRole('button', { name: 'Close voting' }).click()
    await expect.poll(() => upcoming(page).getAttribute('data-state')).toBe('closed')
    await undoFromToast(page, /^Voting closed/)
    await expect.poll(() => upcoming(page).getAttribute('data-state')).toBe('scheduled')
    await page.locator('.toast', { hasText: 'Voting is open again.' }).waitFor()

    await upcoming(page).getByRole('button', { name: 'Skip' }).click()
    await expect.poll(() => upcoming(page).getAttribute('data-state')).toBe('cancelled')
    await undoFromToast(page, /^Skipped/)
    await expect.poll(() => upcoming(page).getAttribute('data-state')).toBe('scheduled')

    // held moves the meeting under "Past"; undo brings it back to "Upcoming", still closed
    await upcoming(page).getByRole('button', { name: 'Close voting' }).click()
    await expect.poll(() => upcoming(page).getAttribute('data-state')).toBe('closed')
    await upcoming(page).getByRole('button', { name: 'Mark held' }).click()
    const past = page.getByRole('list', { name: 'Past meetings' }).locator('article.meeting-item')
    await expect.poll(() => past.first().getAttribute('data-state')).toBe('held')
    expect(await page.getByRole('list', { name: 'Upcoming meetings' }).count()).toBe(0)
    await undoFromToast(page, /^Held:/)
    await expect.poll(() => upcoming(page).getAttribute('data-state')).toBe('closed')
    expect(await past.count()).toBe(0)

    // one presenter list: Ada once, marked as the suggestion and selected
    const presenter = upcoming(page).getByLabel('Presenter')
    expect(await presenter.locator('option').allTextContents()).toEqual(['Ada (suggested)'])
  } finally {
    await browser?.close()
  }
})
