import { afterAll, beforeAll, expect, test } from 'vitest'
import type { Page } from 'playwright-core'
import type { PaperId } from '../../src/doc/ids.js'
import { setSchedule } from '../../src/doc/club/settings.js'
import { addPaper, setVote, upsertMember } from '../../src/doc/ops.js'
import { axeViolationsIn } from '../helpers/accessibility.js'
import { addByTitle, connectPeer, keepScreenshot, openExport, openWithNewList, paperRow, startBuiltRelay } from '../helpers/browser.js'
import type { RunningRelay, SharePeer, TestBrowser } from '../helpers/browser.js'

let relay: RunningRelay
beforeAll(async () => {
  relay = await startBuiltRelay()
})
afterAll(async () => {
  await relay?.stop()
})

/** axe-core's violations inside the given parts of the page, in the colour scheme given. */
async function axeViolations(page: Page, scheme: 'light' | 'dark', parts: string[]): Promise<string[]> {
  await page.emulateMedia({ colorScheme: scheme })
  return axeViolationsIn(page, parts)
}

/** Where a row's top is relative to the viewport, and the viewport's height. */
const rowTop = (page: Page, title: string) =>
  paperRow(page, title).evaluate((row) => ({ top: row.getBoundingClientRect().top, height: window.innerHeight }))

test('on a phone with a meeting planned, the first paper row starts in the upper half, under one "what\'s next" card', async () => {
  let browser: TestBrowser | undefined
  let peer: SharePeer | undefined
  try {
    const opened = await openWithNewList(relay.url, 'Reading group')
    browser = opened.browser
    const { page, shareLink } = opened
    peer = await connectPeer(relay.url, shareLink)
    const doc = peer.doc
    const tomorrow = new Date(Date.now() + 86_400_000)
    const ids: PaperId[] = []
    doc.transact(() => {
      upsertMember(doc, { id: 'peer', name: 'Bo', colour: '#2f9e44', at: 1 })
      for (let i = 0; i < 80; i++) ids.push(addPaper(doc, { title: `Paper ${String(i).padStart(2, '0')} on reading lists`, authors: ['Ada Lovelace', 'Alan Turing'] }, 'peer', 1_000 + i).id)
      setSchedule(doc, { weekday: tomorrow.getUTCDay(), time: '16:00', from: new Date().toISOString().slice(0, 10) }, 'peer')
    })
    await paperRow(page, 'Paper 00').waitFor({ timeout: 15_000 })
    const card = page.getByTestId('next-up')
    await expect.poll(() => card.textContent(), { timeout: 10_000 }).toContain('Next meeting')
    // with no votes the card invites voting instead of recommending a paper
    expect(await card.textContent()).toContain('No votes yet')
    expect(await page.locator('[data-testid=next-up]').count()).toBe(1)

    await keepScreenshot(page, 'first-light.png')
    const first = await rowTop(page, 'Paper 00')
    expect(first.top).toBeGreaterThan(0)
    expect(first.top).toBeLessThan(first.height / 2)

    // the card, the find bar and its open filters pass axe in both themes
    await page.getByRole('button', { name: /^Filters/ }).click()
    for (const scheme of ['light', 'dark'] as const) {
      expect(await axeViolations(page, scheme, ['.next-card', '.find-bar'])).toEqual([])
      await keepScreenshot(page, `first-filters-${scheme}.png`)
    }
    await page.emulateMedia({ colorScheme: 'light' })
    await page.getByRole('button', { name: /^Filters/ }).click()

    // a tie says so and names the rule that broke it
    setVote(doc, { paperId: ids[5]!, memberId: 'peer', on: true })
    setVote(doc, { paperId: ids[9]!, memberId: 'peer', on: true })
    await expect.poll(() => card.getByTestId('tie-line').textContent(), { timeout: 10_000 }).toBe('Tied with ‘Paper 09 on reading lists’; first because it was added first.')
    expect(await card.locator('.next-title').textContent()).toContain('Paper 05 on reading lists · 1 vote')
  } finally {
    peer?.provider.destroy()
    await browser?.close()
  }
})

/** Whether a paper's row is inside the viewport. */
const inView = (page: Page, title: string) =>
  paperRow(page, title).evaluate((row) => {
    const box = row.getBoundingClientRect()
    return box.top >= 0 && box.bottom <= window.innerHeight
  })

test('Add opens a sheet that takes focus and gives it back; a new paper is scrolled to and highlighted, its toast offers Show; Export is in the list menu', async () => {
  let browser: TestBrowser | undefined
  let peer: SharePeer | undefined
  try {
    const opened = await openWithNewList(relay.url, 'Adding')
    browser = opened.browser
    const { page, shareLink } = opened
    peer = await connectPeer(relay.url, shareLink)
    const doc = peer.doc
    doc.transact(() => {
      // more than a windowed list renders at once: the added row must be brought into the DOM first
      for (let i = 0; i < 300; i++) addPaper(doc, { title: `Paper ${String(i).padStart(3, '0')}` }, 'peer', 1_000 + i)
    })
    await paperRow(page, 'Paper 000').waitFor({ timeout: 15_000 })

    // the sheet takes focus; Escape closes it and focus returns to the Add button
    const add = page.getByRole('button', { name: 'Add papers' })
    await add.click()
    const sheet = page.getByRole('dialog', { name: 'Add papers' })
    await sheet.waitFor()
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('paste-input')
    for (const scheme of ['light', 'dark'] as const) {
      expect(await axeViolations(page, scheme, ['.add-sheet'])).toEqual([])
      await keepScreenshot(page, `sheet-${scheme}.png`)
    }
    await page.emulateMedia({ colorScheme: 'light' })
    await page.keyboard.press('Escape')
    await sheet.waitFor({ state: 'detached' })
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-haspopup'))).toBe('dialog')
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain('Add')

    // a paper added lands at the end of 300: the list scrolls to it and highlights it
    await addByTitle(page, 'Zebra finches read papers too')
    await sheet.waitFor({ state: 'detached' })
    await page.locator('article.paper-row.just-shown', { hasText: 'Zebra finches read papers too' }).waitFor()
    expect(await inView(page, 'Zebra finches read papers too')).toBe(true)
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(10_000)

    // from the top again, the toast's Show brings it back
    await page.evaluate(() => window.scrollTo(0, 0))
    await page.getByRole('status').getByRole('button', { name: 'Show' }).click()
    await expect.poll(() => inView(page, 'Zebra finches read papers too')).toBe(true)

    // Export moved to the list menu
    await page.evaluate(() => window.scrollTo(0, 0))
    await openExport(page)
    expect(await axeViolations(page, 'dark', ['.export-dialog'])).toEqual([])
    await keepScreenshot(page, 'export-dark.png')
    await page.emulateMedia({ colorScheme: 'light' })
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /^CSV/ }).click()])
    expect(download.suggestedFilename()).toBe('Adding.csv')
    await page.getByRole('dialog', { name: 'Export the list' }).waitFor({ state: 'detached' })
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('List menu')
  } finally {
    peer?.provider.destroy()
    await browser?.close()
  }
})
