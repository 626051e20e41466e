import { afterAll, beforeAll, expect, test } from 'vitest'
import WS from 'ws'
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { addPaper, setVote } from '../../src/doc/ops.js'
import { accessProtocols, parseFragment } from '../../src/sync/access.js'
import { createList, enterName, openBrowser, paperRow, startBuiltRelay } from '../helpers/browser.js'
import type { RunningRelay, TestBrowser } from '../helpers/browser.js'

let relay: RunningRelay
beforeAll(async () => {
  relay = await startBuiltRelay()
})
afterAll(async () => {
  await relay?.stop()
})

test('a long list renders only the rows near the viewport, in ranked order, and follows a vote', async () => {
  let browser: TestBrowser | undefined
  let provider: WebsocketProvider | undefined
  try {
    browser = await openBrowser({ phone: true })
    const { page } = browser
    await page.goto(relay.url)
    await enterName(page, 'Ada')
    const { shareLink } = await createList(page, 'Long list')
    const { pathname, hash } = new URL(shareLink)
    const doc = new Y.Doc()
    provider = new WebsocketProvider(relay.url.replace(/^http/, 'ws') + '/sync', pathname.split('/')[2]!, doc, {
      WebSocketPolyfill: WS as unknown as typeof WebSocket,
      disableBc: true,
      protocols: await accessProtocols(parseFragment(hash)!),
    })
    await new Promise<void>((resolve) => (provider!.synced ? resolve() : provider!.once('sync', () => resolve())))
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
    provider?.destroy()
    await browser?.close()
  }
})
