import { afterAll, beforeAll, expect, test } from 'vitest'
import WS from 'ws'
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { paperKey, papersOf } from '../../src/doc/schema.js'
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

const HOSTILE_TITLE = '<img src=x onerror=alert(1)>'

test('a hostile title and javascript: links from a peer render as text, with no link and no dialog', async () => {
  let browser: TestBrowser | undefined
  let provider: WebsocketProvider | undefined
  const dialogs: string[] = []
  try {
    browser = await openBrowser()
    const { page } = browser
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message())
      void dialog.dismiss()
    })
    await page.goto(relay.url)
    await enterName(page, 'Ada')
    const { shareLink } = await createList(page, 'Hostile peers')
    const { pathname, hash } = new URL(shareLink)
    const listId = pathname.split('/')[2]!
    const access = parseFragment(hash)!

    // a peer that writes raw fields, bypassing the ops' validation
    const doc = new Y.Doc()
    provider = new WebsocketProvider(relay.url.replace(/^http/, 'ws') + '/sync', listId, doc, {
      WebSocketPolyfill: WS as unknown as typeof WebSocket,
      disableBc: true,
      protocols: await accessProtocols(access),
    })
    await new Promise<void>((resolve) => (provider!.synced ? resolve() : provider!.once('sync', () => resolve())))
    const id = 'title:hostile'
    doc.transact(() => {
      const papers = papersOf(doc)
      papers.set(paperKey('title', id as never), HOSTILE_TITLE)
      papers.set(paperKey('url', id as never), 'javascript:alert(1)')
      papers.set(paperKey('pdfUrl', id as never), 'JaVaScRiPt:alert(2)')
      papers.set(paperKey('codeUrl', id as never), 'data:text/html,<script>alert(3)</script>')
      papers.set(paperKey('abstract', id as never), '<script>alert(4)</script><b>bold</b>')
      papers.set(paperKey('authors', id as never), ['<svg onload=alert(5)>'])
      papers.set(paperKey('addedBy', id as never), 'peer')
      papers.set(paperKey('addedAt', id as never), 1)
      papers.set(paperKey('status', id as never), 'queued')
    })

    const row = paperRow(page, HOSTILE_TITLE)
    await row.waitFor({ timeout: 15_000 })
    expect(await row.locator('.paper-title').textContent()).toBe(HOSTILE_TITLE)
    expect(await row.locator('img, svg, script').count()).toBe(0)
    expect(await row.locator('.links a').count()).toBe(0)
    expect(await page.locator('a[href^="javascript" i], a[href^="data:" i]').count()).toBe(0)

    await row.locator('.paper-title a').click()
    await page.getByRole('heading', { name: HOSTILE_TITLE, level: 1 }).waitFor()
    expect(await page.locator('.abstract').textContent()).toBe('<script>alert(4)</script><b>bold</b>')
    expect(await page.locator('main img, main script, .abstract b').count()).toBe(0)
    expect(await page.locator('a[href^="javascript" i], a[href^="data:" i]').count()).toBe(0)
    await page.waitForTimeout(500)
    expect(dialogs).toEqual([])
  } finally {
    provider?.destroy()
    await browser?.close()
  }
})
