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

test('a paper added on one device is voted on from a phone, and the first device sees the vote and the new next-up', async () => {
  let a: TestBrowser | undefined
  let b: TestBrowser | undefined
  try {
    a = await openBrowser()
    b = await openBrowser({ phone: true })
    await a.page.goto(relay.url)
    await enterName(a.page, 'Ada')
    const { shareLink } = await createList(a.page, 'Journal club')
    expect(shareLink).toMatch(new RegExp(`^${relay.url}/l/[A-Za-z0-9_-]{22}#[A-Za-z0-9_-]{43}/Journal%20club$`))
    await addByTitle(a.page, 'Attention is all you need')
    await addByTitle(a.page, 'Denoising diffusion probabilistic models')
    // while nobody has voted no paper is recommended: the card invites voting
    await expect.poll(() => a!.page.getByTestId('next-up').textContent()).toContain('No votes yet')
    await waitForBadge(a.page, 'synced')

    await b.page.goto(shareLink)
    await enterName(b.page, 'Bo')
    await paperRow(b.page, 'Denoising diffusion').waitFor()
    await expect.poll(() => b!.page.locator('.list-title').textContent()).toBe('Journal club')
    await paperRow(b.page, 'Denoising diffusion').getByRole('button', { name: /vote for/i }).click()
    await waitForBadge(b.page, 'synced')

    const row = paperRow(a.page, 'Denoising diffusion')
    await expect.poll(() => row.getByTestId('vote-count').textContent(), { timeout: 10_000 }).toBe('1')
    await expect.poll(() => a!.page.getByTestId('next-up').textContent(), { timeout: 10_000 }).toContain('Denoising diffusion probabilistic models')
    // presence: A sees B here now
    await expect.poll(() => a!.page.locator('.presence').getAttribute('aria-label'), { timeout: 10_000 }).toContain('Bo')
  } finally {
    await a?.close()
    await b?.close()
  }
})
