import { afterAll, beforeAll, expect, test } from 'vitest'
import { addByTitle, createList, enterName, openBrowser, paperRow, startBuiltRelay, waitForBadge } from '../helpers/browser.js'
import type { RunningRelay, TestBrowser } from '../helpers/browser.js'

let relay: RunningRelay
beforeAll(async () => {
  relay = await startBuiltRelay()
})
afterAll(async () => {
  await relay?.stop()
})

test('a read-only link shows the list and its live changes, with no way to change it', async () => {
  let a: TestBrowser | undefined
  let b: TestBrowser | undefined
  try {
    a = await openBrowser()
    b = await openBrowser({ phone: true })
    await a.page.goto(relay.url)
    await enterName(a.page, 'Ada')
    const { shareLink } = await createList(a.page, 'Reading group')
    await addByTitle(a.page, 'Attention is all you need')
    await waitForBadge(a.page, 'synced')

    await a.page.getByRole('button', { name: 'Share' }).click()
    await a.page.getByRole('button', { name: 'Read only' }).click()
    const field = a.page.getByLabel('Share link', { exact: true })
    await expect.poll(() => field.inputValue()).not.toBe(shareLink)
    const readLink = await field.inputValue()
    expect(readLink).toMatch(new RegExp(`^${relay.url}/l/[A-Za-z0-9_-]{22}#ro-[A-Za-z0-9_-]{43}/Reading%20group$`))
    expect(readLink.split('#')[0]).toBe(shareLink.split('#')[0])
    await a.page.getByRole('button', { name: 'Close' }).click()

    await b.page.goto(readLink)
    await enterName(b.page, 'Bo')
    await paperRow(b.page, 'Attention is all you need').waitFor()
    await b.page.getByText('Read only: you can read this list but not change it.').waitFor()
    expect(await b.page.getByLabel('arXiv id, DOI or link').count()).toBe(0)
    const vote = paperRow(b.page, 'Attention is all you need').getByRole('button', { name: /vote for/i })
    expect(await vote.isDisabled()).toBe(true)
    await waitForBadge(b.page, 'synced')

    // live: what a member adds reaches the reader at once
    await addByTitle(a.page, 'Denoising diffusion probabilistic models')
    await paperRow(b.page, 'Denoising diffusion').waitFor({ timeout: 10_000 })
    // and nothing the reader's device holds reached the members
    await b.page.waitForTimeout(500)
    expect(await a.page.locator('.presence').getAttribute('aria-label')).toContain('Bo')
    await expect.poll(() => paperRow(a!.page, 'Attention is all you need').getByTestId('vote-count').textContent()).toBe('0')
  } finally {
    await a?.close()
    await b?.close()
  }
})

test('moving a list to a new link keeps its papers there and stops the old link from taking changes', async () => {
  let a: TestBrowser | undefined
  let b: TestBrowser | undefined
  try {
    a = await openBrowser()
    b = await openBrowser()
    await a.page.goto(relay.url)
    await enterName(a.page, 'Ada')
    const { shareLink: oldLink } = await createList(a.page, 'Leaked list')
    await addByTitle(a.page, 'Attention is all you need')
    await waitForBadge(a.page, 'synced')

    await b.page.goto(oldLink)
    await enterName(b.page, 'Bo')
    await paperRow(b.page, 'Attention is all you need').waitFor()
    await waitForBadge(b.page, 'synced')

    a.page.on('dialog', (dialog) => void dialog.accept())
    await a.page.getByRole('button', { name: 'Share' }).click()
    await a.page.getByText('Move to a new link…').click()
    await a.page.getByRole('button', { name: 'Move to a new link' }).click()
    await a.page.getByText('This list moved to this new link.').waitFor({ timeout: 20_000 })
    const newLink = await a.page.getByLabel('Share link', { exact: true }).inputValue()
    expect(newLink.split('#')[0]).not.toBe(oldLink.split('#')[0])
    await a.page.getByRole('button', { name: 'Close' }).click()
    await paperRow(a.page, 'Attention is all you need').waitFor()

    // the old link still reads, but a change from it is refused and the app says why
    await paperRow(b.page, 'Attention is all you need').getByRole('button', { name: /vote for/i }).click()
    await b.page.getByText('This list was moved to a new link. Ask for the new link.').waitFor({ timeout: 20_000 })

    // a third device on the new link gets the papers, without the refused vote
    const c = await openBrowser({ phone: true })
    try {
      await c.page.goto(newLink)
      await enterName(c.page, 'Cy')
      const row = paperRow(c.page, 'Attention is all you need')
      await row.waitFor()
      await waitForBadge(c.page, 'synced')
      expect(await row.getByTestId('vote-count').textContent()).toBe('0')
    } finally {
      await c.close()
    }
  } finally {
    await a?.close()
    await b?.close()
  }
})
