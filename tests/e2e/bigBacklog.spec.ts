/**
 * A 5,000-paper BibTeX file imported through the Add box in one transaction (larger than the
 * relay's 2 MiB frame cap) reaches a second device, and the importing page opens exactly one
 * socket: no close for size, no reconnect loop.
 */
import { afterAll, beforeAll, expect, test } from 'vitest'
import { createList, enterName, openAddSheet, openBrowser, startBuiltRelay, waitForBadge } from '../helpers/browser.js'
import type { RunningRelay, TestBrowser } from '../helpers/browser.js'
import { manyPapers } from '../helpers/bigLists.js'

let relay: RunningRelay
beforeAll(async () => {
  relay = await startBuiltRelay()
})
afterAll(async () => {
  await relay?.stop()
})

/** The papers as one BibTeX file. */
function bibtex(count: number): string {
  return manyPapers(count, { abstractChars: 900 })
    .map((paper, i) => `@misc{paper${i},
  title = {${paper.title}},
  author = {${paper.authors!.join(' and ')}},
  year = {2024},
  eprint = {${paper.arxivId}},
  archivePrefix = {arXiv},
  abstract = {${paper.abstract}}
}
`)
    .join('\n')
}

test('a 5,000-paper import reaches a second device through the relay, on the one socket the page opened', { timeout: 240_000 }, async () => {
  let a: TestBrowser | undefined
  let b: TestBrowser | undefined
  try {
    a = await openBrowser()
    const sockets: string[] = []
    const closes: string[] = []
    a.page.on('websocket', (socket) => {
      if (!socket.url().includes('/sync/')) return
      sockets.push(socket.url())
      socket.on('close', () => closes.push(socket.url()))
    })
    await a.page.goto(relay.url)
    await enterName(a.page, 'Ada')
    const { shareLink } = await createList(a.page, 'Whole library')
    await waitForBadge(a.page, 'synced')
    expect(sockets).toHaveLength(1)

    const file = bibtex(5_000)
    expect(file.length).toBeGreaterThan(5_000_000)
    await openAddSheet(a.page)
    await a.page.locator('.import-tools input[type="file"]').setInputFiles({ name: 'library.bib', mimeType: 'text/plain', buffer: Buffer.from(file) })
    const add = a.page.getByRole('button', { name: 'Add 5,000 papers' })
    await add.waitFor({ timeout: 120_000 })
    await add.click()
    await expect.poll(() => a!.page.getByRole('tab', { name: /Queue/ }).textContent(), { timeout: 60_000 }).toMatch(/5,?000/)
    await waitForBadge(a.page, 'synced', 120_000)

    b = await openBrowser()
    await b.page.goto(shareLink)
    await enterName(b.page, 'Bo')
    await expect.poll(() => b!.page.getByRole('tab', { name: /Queue/ }).textContent(), { timeout: 60_000 }).toMatch(/5,?000/)
    expect(sockets).toHaveLength(1)
    expect(closes).toEqual([])
    console.log(`importing page: ${sockets.length} socket opened, ${closes.length} closed`)
  } finally {
    await a?.close()
    await b?.close()
  }
})
