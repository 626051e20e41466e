/**
 * A peer that writes megabytes into a paper's fields, bypassing the ops: the list and the
 * paper page show the fields cut to `FIELD_LIMITS`, so they render as quickly as any paper.
 */
import { afterAll, beforeAll, expect, test } from 'vitest'
import WS from 'ws'
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { FIELD_LIMITS } from '../../src/doc/limits.js'
import { paperKey, papersOf } from '../../src/doc/schema.js'
import { accessProtocols, parseFragment } from '../../src/sync/access.js'
import { createList, enterName, openBrowser, startBuiltRelay } from '../helpers/browser.js'
import type { RunningRelay, TestBrowser } from '../helpers/browser.js'

let relay: RunningRelay
beforeAll(async () => {
  relay = await startBuiltRelay()
})
afterAll(async () => {
  await relay?.stop()
})

const MB = 1024 * 1024

test('a 1 MB title, a 250 KB abstract and 10,000 authors from a peer render cut to their limits on the list and the paper page', async () => {
  let browser: TestBrowser | undefined
  let provider: WebsocketProvider | undefined
  try {
    browser = await openBrowser()
    const { page } = browser
    await page.goto(relay.url)
    await enterName(page, 'Ada')
    const { shareLink } = await createList(page, 'Long fields')
    const { pathname, hash } = new URL(shareLink)
    const access = parseFragment(hash)!

    // A peer that writes raw fields, bypassing the ops' caps (in one update under the relay's 2 MiB frame limit).
    const doc = new Y.Doc()
    provider = new WebsocketProvider(relay.url.replace(/^http/, 'ws') + '/sync', pathname.split('/')[2]!, doc, {
      WebSocketPolyfill: WS as unknown as typeof WebSocket,
      disableBc: true,
      protocols: await accessProtocols(access),
    })
    await new Promise<void>((resolve) => (provider!.synced ? resolve() : provider!.once('sync', () => resolve())))
    const id = 'title:long' as never
    const title = `Longword${'x'.repeat(MB)}`
    doc.transact(() => {
      const papers = papersOf(doc)
      papers.set(paperKey('title', id), title)
      papers.set(paperKey('abstract', id), 'word '.repeat(50_000))
      papers.set(paperKey('authors', id), Array.from({ length: 10_000 }, (_, index) => `Author ${index}`))
      papers.set(paperKey('addedBy', id), 'peer')
      papers.set(paperKey('addedAt', id), 1)
      papers.set(paperKey('status', id), 'queued')
    })

    const row = page.locator('article.paper-row', { hasText: 'Longwordxxx' })
    await row.waitFor({ timeout: 30_000 })
    expect((await row.locator('.paper-title').textContent())!.trim()).toHaveLength(FIELD_LIMITS.title)

    const started = Date.now()
    await row.locator('.paper-title a').click()
    const heading = page.locator('h1#paper-title')
    await heading.waitFor({ timeout: 60_000 })
    const renderMs = Date.now() - started
    expect(await heading.textContent()).toHaveLength(FIELD_LIMITS.title)
    expect(await page.locator('.abstract').textContent()).toHaveLength(FIELD_LIMITS.abstract)
    console.info(`paper page with a 1 MB title: rendered in ${renderMs} ms`)
  } finally {
    provider?.destroy()
    await browser?.close()
  }
}, 120_000)
