import { afterAll, beforeAll, expect, test } from 'vitest'
import type { Page } from 'playwright-core'
import type { PaperId } from '../../src/doc/ids.js'
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

const shownTitles = (page: Page) => page.locator('ol[aria-label="Ranked papers"] article.paper-row .paper-title').allTextContents()

test('search, filters, a tag and a sort narrow the list, live in the address, survive a reload, and an empty result offers to clear', async () => {
  let browser: TestBrowser | undefined
  let peer: SharePeer | undefined
  try {
    const opened = await openWithNewList(relay.url, 'Find')
    browser = opened.browser
    const { page } = opened
    peer = await connectPeer(relay.url, opened.shareLink)
    const { doc } = peer
    const ids: PaperId[] = []
    doc.transact(() => {
      for (let i = 0; i < 80; i++) {
        const topic = i % 10 === 3 ? 'Diffusion' : 'Graph'
        ids.push(addPaper(doc, {
          title: `${topic} paper ${String(i).padStart(2, '0')}`,
          authors: [i === 41 ? 'Zoë Kravitz' : 'Ada Lovelace'],
          tags: i % 20 === 0 ? ['vision'] : [],
          ...(i === 13 ? { codeUrl: 'https://github.com/example/code' } : {}),
        }, 'peer', 1_000 + i).id)
      }
      setVote(doc, { paperId: ids[33]!, memberId: 'peer', on: true })
    })
    await paperRow(page, 'Graph paper 00').waitFor({ timeout: 15_000 })

    // instant search: as you type, in rank order (the voted paper first)
    const search = page.getByRole('searchbox', { name: 'Search papers' })
    await search.pressSequentially('diffusion')
    await expect.poll(() => shownTitles(page)).toEqual(['Diffusion paper 33', ...[3, 13, 23, 43, 53, 63, 73].map((i) => `Diffusion paper ${String(i).padStart(2, '0')}`)])
    expect(await page.getByTestId('find-status').textContent()).toContain('8 of 80 papers')
    expect(new URL(page.url()).searchParams.get('q')).toBe('diffusion')
    // accents and case are ignored; authors are searched
    await search.fill('ZOE')
    await expect.poll(() => shownTitles(page)).toEqual(['Graph paper 41'])

    // a filter and a sort, then a reload shows the same view
    await search.fill('diffusion')
    await page.getByRole('button', { name: /^Filters/ }).click()
    await page.getByRole('button', { name: 'Has code' }).click()
    await expect.poll(() => shownTitles(page)).toEqual(['Diffusion paper 13'])
    await page.getByRole('button', { name: 'Has code' }).click()
    await page.getByLabel('Sort').selectOption('recent')
    await expect.poll(() => shownTitles(page)).toEqual([73, 63, 53, 43, 33, 23, 13, 3].map((i) => `Diffusion paper ${String(i).padStart(2, '0')}`))
    expect(new URL(page.url()).search).toBe('?q=diffusion&sort=recent')
    await page.reload()
    await paperRow(page, 'Diffusion paper 73').waitFor()
    expect(await page.getByRole('searchbox', { name: 'Search papers' }).inputValue()).toBe('diffusion')
    expect((await shownTitles(page))[0]).toBe('Diffusion paper 73')
    expect(await shownTitles(page)).toHaveLength(8)

    // my votes: the row I vote for stays findable under "My votes"
    await paperRow(page, 'Diffusion paper 23').getByRole('button', { name: /Vote for/ }).click()
    if (!(await page.getByRole('button', { name: 'My votes' }).isVisible())) await page.getByRole('button', { name: /^Filters/ }).click()
    await page.getByRole('button', { name: 'My votes' }).click()
    await expect.poll(() => shownTitles(page)).toEqual(['Diffusion paper 23'])
    await page.getByRole('button', { name: 'Not voted by me' }).click()
    await expect.poll(() => shownTitles(page)).toHaveLength(7)
    expect(await page.getByRole('button', { name: 'My votes' }).getAttribute('aria-pressed')).toBe('false')

    // a tag from a link
    await page.goto(`${page.url().split('?')[0]}?tag=vision`)
    await expect.poll(() => shownTitles(page)).toEqual(['Graph paper 00', 'Graph paper 20', 'Graph paper 40', 'Graph paper 60'])

    // nothing matches: it says so, and clearing brings every paper back
    await page.getByRole('searchbox', { name: 'Search papers' }).fill('no such paper anywhere')
    await expect.poll(() => page.getByTestId('find-status').textContent()).toContain('No papers match “no such paper anywhere”')
    expect(await page.locator('article.paper-row').count()).toBe(0)
    await page.getByRole('button', { name: 'Clear search and filters' }).click()
    await expect.poll(() => page.locator('article.paper-row').count()).toBe(80)
    expect(new URL(page.url()).search).toBe('')
    expect(await page.getByTestId('find-status').count()).toBe(0)
  } finally {
    peer?.provider.destroy()
    await browser?.close()
  }
})
