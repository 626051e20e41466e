import { afterAll, beforeAll, expect, test } from 'vitest'
import { addPaper, setVote } from '../../src/doc/ops.js'
import { connectPeer, openWithNewList, paperRow, startBuiltRelay } from '../helpers/browser.js'
import type { RunningRelay, SharePeer, TestBrowser } from '../helpers/browser.js'

let relay: RunningRelay
beforeAll(async () => {
  relay = await startBuiltRelay()
})
afterAll(async () => {
  await relay?.stop()
})

test('a long list renders only the rows near the viewport, in ranked order, and follows a vote', async () => {
  let browser: TestBrowser | undefined
  let peer: SharePeer | undefined
  try {
    const opened = await openWithNewList(relay.url, 'Long list')
    browser = opened.browser
    const { page } = opened
    peer = await connectPeer(relay.url, opened.shareLink)
    const { doc } = peer
    const ids = doc.transact(() => Array.from({ length: 600 }, (_, i) => addPaper(doc, { title: `Paper ${String(i).padStart(3, '0')}` }, 'peer', 1_000 + i).id))

    await expect.poll(() => page.getByRole('tab', { name: /Queue/ }).textContent(), { timeout: 15_000 }).toContain('600')
    await paperRow(page, 'Paper 000').waitFor()
    const rendered = await page.locator('ol[aria-label="Ranked papers"] article.paper-row').count()
    expect(rendered).toBeGreaterThan(5)
    expect(rendered).toBeLessThan(100)

    setVote(doc, { paperId: ids[450]!, memberId: 'peer', on: true })
    await expect.poll(() => page.locator('ol[aria-label="Ranked papers"] article.paper-row').first().locator('.paper-title').textContent(), { timeout: 10_000 }).toBe('Paper 450')
    await expect.poll(() => page.getByTestId('next-up').textContent()).toContain('Paper 450')

    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight))
    await paperRow(page, 'Paper 599').waitFor()
  } finally {
    peer?.provider.destroy()
    await browser?.close()
  }
})
