import { afterAll, beforeAll, expect, test } from 'vitest'
import { randomId } from '../../src/doc/ids.js'
import { addByTitle, createList, enterName, openBrowser, paperRow, startBuiltRelay } from '../helpers/browser.js'
import type { RunningRelay, TestBrowser } from '../helpers/browser.js'

let relay: RunningRelay
beforeAll(async () => {
  relay = await startBuiltRelay()
})
afterAll(async () => {
  await relay?.stop()
})

test('a paper page keeps a note, comments and reading state; discussed, deleted with undo, and restored', async () => {
  let browser: TestBrowser | undefined
  try {
    browser = await openBrowser({ phone: true })
    const { page } = browser
    await page.goto(`${relay.url}/l/${randomId(16)}`)
    await enterName(page, 'Ada')
    await page.getByRole('heading', { name: 'This link is incomplete' }).waitFor()

    await page.goto(relay.url)
    await createList(page, 'Paper pages')
    await addByTitle(page, 'Keep me')
    await addByTitle(page, 'Discuss me')
    await paperRow(page, 'Keep me').getByRole('link', { name: 'Keep me' }).click()
    await page.getByRole('heading', { name: 'Keep me', level: 1 }).waitFor()
    await page.getByRole('textbox', { name: 'Shared note' }).fill('Section 3 is the key part.')
    await page.getByRole('button', { name: 'Read', exact: true }).click()
    await page.getByRole('list', { name: 'Who is reading or has read it' }).getByText('Ada').waitFor()
    await page.getByLabel('Add a comment').fill('Worth a full session.')
    await page.getByRole('button', { name: 'Comment', exact: true }).click()
    await page.locator('.comment-text', { hasText: 'Worth a full session.' }).waitFor()

    // a reload reads it all back from the device
    await page.reload()
    await expect.poll(() => page.getByRole('textbox', { name: 'Shared note' }).inputValue()).toBe('Section 3 is the key part.')
    await page.locator('.comment-text', { hasText: 'Worth a full session.' }).waitFor()
    expect(await page.getByRole('button', { name: 'Read', exact: true }).getAttribute('aria-pressed')).toBe('true')

    await page.getByRole('button', { name: 'Delete' }).click()
    await page.getByRole('button', { name: 'Undo' }).click()
    await paperRow(page, 'Keep me').waitFor()

    await paperRow(page, 'Discuss me').getByRole('link', { name: 'Discuss me' }).click()
    await page.getByRole('button', { name: 'Mark discussed' }).click()
    await page.getByRole('button', { name: 'Back to the queue' }).waitFor()
    await page.getByRole('link', { name: '‹ Back to the list' }).click()
    // the discussed paper left the queue: with no votes the card invites voting, and the queue keeps the other
    await expect.poll(() => page.getByTestId('next-up').textContent()).toContain('No votes yet')
    await paperRow(page, 'Keep me').waitFor()
    expect(await page.getByRole('list', { name: 'Ranked papers' }).locator('article.paper-row', { hasText: 'Discuss me' }).count()).toBe(0)
    await page.getByRole('tab', { name: /Discussed/ }).click()
    await paperRow(page, 'Discuss me').waitFor()

    await page.getByRole('tab', { name: /Queue/ }).click()
    await paperRow(page, 'Keep me').getByRole('link', { name: 'Keep me' }).click()
    await page.getByRole('button', { name: 'Delete' }).click()
    await page.getByRole('tab', { name: /Deleted/ }).click()
    await page.getByRole('button', { name: 'Restore Keep me' }).click()
    await page.getByRole('tab', { name: /Queue/ }).click()
    await paperRow(page, 'Keep me').waitFor()
  } finally {
    await browser?.close()
  }
})
