import { afterAll, beforeAll, expect, test } from 'vitest'
import type { Page } from 'playwright-core'
import { addByTitle, createList, enterName, openBrowser, openWithNewList, paperRow, startBuiltRelay, waitForBadge } from '../helpers/browser.js'
import type { RunningRelay, TestBrowser } from '../helpers/browser.js'

let relay: RunningRelay
beforeAll(async () => {
  relay = await startBuiltRelay()
})
afterAll(async () => {
  await relay?.stop()
})

const chips = async (page: Page) => (await page.getByRole('list', { name: 'Tags', exact: true }).locator('li').allTextContents()).map((text) => text.replace(/×$/, ''))
const addTagOn = async (page: Page, tag: string) => {
  await page.getByLabel('Add a tag', { exact: true }).fill(tag)
  await page.getByRole('button', { name: 'Add tag', exact: true }).click()
  await page.getByRole('button', { name: `${tag}, remove tag` }).waitFor()
}

test('on a phone, a paper\'s details are edited by hand: focus moves into the form and back, a bad link is refused, the edit survives a reload', async () => {
  let browser: TestBrowser | undefined
  try {
    browser = (await openWithNewList(relay.url, 'Edit details')).browser
    const { page } = browser
    await addByTitle(page, 'A title with a typo')
    await paperRow(page, 'A title with a typo').getByRole('link', { name: 'A title with a typo' }).click()
    await page.getByRole('heading', { name: 'A title with a typo', level: 1 }).waitFor()

    const toggle = page.getByRole('button', { name: 'Edit details' })
    await toggle.click()
    const title = page.getByLabel('Title', { exact: true })
    await expect.poll(() => title.evaluate((input) => input === document.activeElement)).toBe(true)
    await title.fill('A title without a typo')
    await page.getByLabel('Authors').fill('Ada Lovelace\nCharles Babbage')
    await page.getByLabel('Published').fill('1843-10')
    await page.getByLabel('Code link').fill('javascript:alert(1)')
    await page.getByRole('button', { name: 'Save details' }).click()
    await page.getByText('Code link: only http:// or https:// links.').waitFor()
    expect(await page.locator('#paper-title').textContent()).toBe('A title with a typo')

    await page.getByLabel('Code link').fill('https://example.org/engine')
    await page.getByRole('button', { name: 'Save details' }).click()
    await page.getByRole('heading', { name: 'A title without a typo', level: 1 }).waitFor()
    await page.getByText('Details saved.').waitFor()
    expect(await page.getByLabel('Title', { exact: true }).count()).toBe(0)
    await expect.poll(() => toggle.evaluate((button) => button === document.activeElement)).toBe(true)
    expect(await page.locator('.authors').first().textContent()).toBe('Ada Lovelace, Charles Babbage')
    expect(await page.getByRole('link', { name: 'Code' }).getAttribute('href')).toBe('https://example.org/engine')
    const box = await toggle.boundingBox()
    expect(box!.height).toBeGreaterThanOrEqual(44)
    expect(box!.width).toBeGreaterThanOrEqual(44)

    await page.reload()
    await page.getByRole('heading', { name: 'A title without a typo', level: 1 }).waitFor()
    await page.getByText('1843-10').waitFor()
  } finally {
    await browser?.close()
  }
})

test('two phones tag the same paper while one is offline: both tags and the removal survive the sync through the relay', async () => {
  let a: TestBrowser | undefined
  let b: TestBrowser | undefined
  try {
    a = await openBrowser({ phone: true })
    b = await openBrowser({ phone: true })
    await a.page.goto(relay.url)
    await enterName(a.page, 'Ada')
    const { shareLink } = await createList(a.page, 'Tagging')
    await addByTitle(a.page, 'Shared paper')
    await paperRow(a.page, 'Shared paper').getByRole('link', { name: 'Shared paper' }).click()
    await addTagOn(a.page, 'old')
    await waitForBadge(a.page, 'synced')

    await b.page.goto(shareLink)
    await enterName(b.page, 'Bo')
    await paperRow(b.page, 'Shared paper').getByRole('link', { name: 'Shared paper' }).click()
    await expect.poll(() => chips(b!.page), { timeout: 10_000 }).toEqual(['old'])
    await waitForBadge(b.page, 'synced')

    // B goes offline; both tag the paper at the same time, and B removes "old"
    await b.context.setOffline(true)
    await addTagOn(b.page, 'from the train')
    await b.page.getByRole('button', { name: 'old, remove tag' }).click()
    await expect.poll(() => chips(b!.page)).toEqual(['from the train'])
    await addTagOn(a.page, 'from the desk')
    await waitForBadge(a.page, 'synced')
    expect(await chips(a.page)).toEqual(['from the desk', 'old'])

    await b.context.setOffline(false)
    await waitForBadge(b.page, 'synced', 40_000)
    await expect.poll(() => chips(a!.page), { timeout: 15_000 }).toEqual(['from the desk', 'from the train'])
    await expect.poll(() => chips(b!.page), { timeout: 15_000 }).toEqual(['from the desk', 'from the train'])

    // the row shows the tags, and the other paper's tag editor suggests them
    await a.page.getByRole('link', { name: '‹ Back to the list' }).click()
    await expect.poll(() => paperRow(a!.page, 'Shared paper').locator('.row-tags').textContent()).toBe('Tags:from the deskfrom the train')
    await addByTitle(a.page, 'Second paper')
    await paperRow(a.page, 'Second paper').getByRole('link', { name: 'Second paper' }).click()
    await a.page.getByLabel('Add a tag', { exact: true }).focus()
    await a.page.getByRole('button', { name: '+ from the desk, add tag' }).click()
    await expect.poll(() => chips(a!.page)).toEqual(['from the desk'])
  } finally {
    await a?.close()
    await b?.close()
  }
})
