/**
 * The group's inbox in two browsers against the built relay, whose upstreams are a local
 * fake (no network): feed settings are shared, the inbox filters by keywords, an entry added
 * on one device and one dismissed on the other leave both inboxes, and offline it shows what
 * was last fetched. A paper pasted by title alone is completed with its links and citations.
 */
import { afterAll, beforeAll, expect, test } from 'vitest'
import { axeViolationsIn } from '../helpers/accessibility.js'
import { addByTitle, createList, enterName, keepScreenshot, openBrowser, openWithNewList, paperRow, startBuiltRelay, waitForBadge } from '../helpers/browser.js'
import type { RunningRelay, TestBrowser } from '../helpers/browser.js'
import { makePapers, startFakeUpstreams } from '../server/lookup/fakeUpstreams.js'
import type { FakePaper } from '../server/lookup/fakeUpstreams.js'
import type { Page } from 'playwright-core'

/** Six daily papers: 0 and 4 about diffusion, 1 and 5 about retrieval, 2 speech, 3 vision. */
const DAILY = makePapers(6, 'Daily')
const PASTED: FakePaper = {
  arxivId: '2612.04242', title: 'Sparse Autoencoders Find Reading Groups', authors: ['Ada Lovelace', 'Alan Turing'],
  abstract: 'We find that reading groups emerge.', published: '2026-11-30', codeUrl: 'https://github.com/example/reading-groups', citations: 1234,
}
const RETRIED: FakePaper = { ...makePapers(1, 'Retried')[0]!, arxivId: '2612.04343', onHf: true }
const FILLED: FakePaper = { ...makePapers(1, 'Filled from the menu')[0]!, arxivId: '2612.04344', onHf: false }

let fake: Awaited<ReturnType<typeof startFakeUpstreams>>
let relay: RunningRelay
beforeAll(async () => {
  fake = await startFakeUpstreams({ daily: DAILY, catalogue: [PASTED, RETRIED, FILLED] })
  relay = await startBuiltRelay({ env: fake.env })
})
afterAll(async () => {
  await relay?.stop()
  await fake?.close()
})

/** axe-core's WCAG 2.1 A/AA checks of one part of the page. */
const axeViolations = (page: Page, selector: string) => axeViolationsIn(page, [selector], ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])

const inboxTitles = (page: Page) => page.locator('.inbox-entry .paper-title').allTextContents()

test('the inbox shows, filters, adds and dismisses across two devices, and works offline from its last fetch', async () => {
  let a: TestBrowser | undefined
  let b: TestBrowser | undefined
  try {
    a = await openBrowser({ phone: true })
    b = await openBrowser()
    await a.page.goto(relay.url)
    await enterName(a.page, 'Ada')
    const { shareLink } = await createList(a.page, 'Diffusion reading group')
    await waitForBadge(a.page, 'synced')

    await a.page.getByRole('link', { name: 'Inbox' }).click()
    await a.page.getByText('This list follows no feeds yet').waitFor()
    await a.page.getByRole('button', { name: 'Feed settings' }).click()
    await a.page.getByLabel('Hugging Face Daily Papers').check()
    await a.page.getByLabel(/^arXiv categories/).fill('cs.CL')
    await a.page.getByRole('button', { name: 'Save feed settings' }).click()
    // 6 daily papers + the recorded cs.CL listing's new and cross-listed papers (its replacement is left out)
    await expect.poll(() => inboxTitles(a!.page).then((titles) => titles.length), { timeout: 15_000 }).toBe(9)
    await expect.poll(() => a!.page.getByTestId('inbox-status').textContent()).toMatch(/^Fetched /)

    await a.page.getByRole('button', { name: 'Feed settings' }).click()
    await a.page.getByLabel(/^Only papers mentioning/).fill('diffusion, retrieval')
    await a.page.getByLabel(/^Hide papers mentioning/).fill('multilingual')
    await a.page.getByRole('button', { name: 'Save feed settings' }).click()
    const expected = [DAILY[0]!.title, DAILY[1]!.title, DAILY[4]!.title, DAILY[5]!.title, 'Diffusion Language Models Are Retrieval Learners']
    await expect.poll(() => inboxTitles(a!.page)).toEqual(expected)
    await a.page.evaluate(() => window.scrollTo(0, 0))
    await keepScreenshot(a.page, 'inbox-phone.png')
    expect(await axeViolations(a.page, '.inbox')).toEqual([])

    // the other device sees the same inbox: settings live in the list
    await b.page.goto(shareLink)
    await enterName(b.page, 'Bo')
    await b.page.getByRole('link', { name: 'Inbox' }).click()
    await expect.poll(() => inboxTitles(b!.page), { timeout: 15_000 }).toEqual(expected)

    // one tap adds to the queue: gone from both inboxes, in both lists
    await a.page.getByRole('button', { name: `Add to queue: ${DAILY[0]!.title}` }).click()
    await expect.poll(() => inboxTitles(a!.page)).toEqual(expected.slice(1))
    await expect.poll(() => inboxTitles(b!.page), { timeout: 10_000 }).toEqual(expected.slice(1))
    // a dismissal on the other device is shared
    await b.page.getByRole('button', { name: `Dismiss: ${DAILY[1]!.title}` }).click()
    await expect.poll(() => inboxTitles(b!.page)).toEqual(expected.slice(2))
    await expect.poll(() => inboxTitles(a!.page), { timeout: 10_000 }).toEqual(expected.slice(2))

    await b.page.getByRole('link', { name: 'Papers' }).click()
    await paperRow(b.page, DAILY[0]!.title).getByRole('link', { name: 'Paper', exact: true }).waitFor()

    // offline: the last fetched entries stay, and the inbox says when they were fetched
    const calls = fake.counts.hf
    await a.context.setOffline(true)
    await a.page.getByRole('button', { name: 'Refresh' }).click()
    await expect.poll(() => a!.page.getByTestId('inbox-status').textContent()).toMatch(/^Offline: showing papers fetched /)
    expect(await inboxTitles(a.page)).toEqual(expected.slice(2))
    expect(fake.counts.hf).toBe(calls)
  } finally {
    await a?.close()
    await b?.close()
  }
})

test('a paper pasted by title alone gets its links, details and citation count', async () => {
  let a: TestBrowser | undefined
  try {
    a = (await openWithNewList(relay.url, 'Pasted')).browser
    await addByTitle(a.page, PASTED.title)
    const row = paperRow(a.page, PASTED.title)
    await row.getByRole('link', { name: 'Paper', exact: true }).waitFor({ timeout: 20_000 })
    await row.getByRole('link', { name: PASTED.title }).click()
    await a.page.getByText('Ada Lovelace, Alan Turing').waitFor()
    await expect.poll(() => a!.page.getByTestId('citation-count').textContent(), { timeout: 20_000 }).toMatch(/^Cited by 1,234/)
    expect(await a.page.getByTestId('pending-details').count()).toBe(0)
    await keepScreenshot(a.page, 'completed-paper-phone.png')
  } finally {
    await a?.close()
  }
})

test('pending, honestly: a failed lookup says why, Retry on the paper and "Fill in N pending papers" in the list menu fill it in', async () => {
  let a: TestBrowser | undefined
  try {
    a = (await openWithNewList(relay.url, 'Honest')).browser
    await waitForBadge(a.page, 'synced')
    fake.setMode('hf', 'fail')
    fake.setMode('arxiv', 'fail')
    await addByTitle(a.page, RETRIED.title)
    await addByTitle(a.page, FILLED.title)
    await paperRow(a.page, RETRIED.title).getByText('lookup failed').waitFor({ timeout: 20_000 })
    await paperRow(a.page, FILLED.title).getByText('lookup failed').waitFor({ timeout: 20_000 })
    // the list menu asks again for every pending paper at once (here the sources still fail)
    const searches = () => fake.urls.filter((url) => url.startsWith('/hf/api/papers/search')).length
    const before = searches()
    await a.page.getByRole('button', { name: 'List menu' }).click()
    await a.page.getByRole('menuitem', { name: 'Fill in 2 pending papers' }).click()
    await expect.poll(searches, { timeout: 10_000 }).toBeGreaterThanOrEqual(before + 2)

    await paperRow(a.page, RETRIED.title).getByRole('link', { name: RETRIED.title }).click()
    const details = a.page.getByTestId('pending-details')
    await expect.poll(() => details.textContent(), { timeout: 15_000 }).toMatch(/^Details could not be looked up: the source is unavailable\. The title could not be looked up: /)
    // it shows after a reload too: the outcome is kept in the list
    await a.page.reload()
    await expect.poll(() => details.textContent(), { timeout: 15_000 }).toMatch(/^Details could not be looked up/)

    fake.setMode('hf', 'ok')
    fake.setMode('arxiv', 'ok')
    await details.getByRole('button', { name: 'Retry' }).click()
    await a.page.getByRole('link', { name: 'Paper', exact: true }).waitFor({ timeout: 20_000 })
    expect(await details.count()).toBe(0)
    await a.page.getByRole('link', { name: '‹ Back to the list' }).click()
    await paperRow(a.page, FILLED.title).getByRole('link', { name: 'Paper', exact: true }).waitFor({ timeout: 30_000 })
  } finally {
    fake.setMode('hf', 'ok')
    fake.setMode('arxiv', 'ok')
    await a?.close()
  }
})

test('300 feed entries: the inbox renders the first 100, then the rest on "Show more" (times printed)', async () => {
  const big = await startFakeUpstreams({ daily: makePapers(300, 'Bulk') })
  const bigRelay = await startBuiltRelay({ env: big.env })
  let a: TestBrowser | undefined
  try {
    a = (await openWithNewList(bigRelay.url, 'Bulk')).browser
    await a.page.getByRole('link', { name: 'Inbox' }).click()
    await a.page.getByRole('button', { name: 'Feed settings' }).click()
    await a.page.getByLabel('Hugging Face Daily Papers').check()
    await a.page.getByRole('button', { name: 'Save feed settings' }).click()
    await expect.poll(() => a!.page.locator('.inbox-entry').count(), { timeout: 20_000 }).toBe(100)
    // rendering alone: back to the papers and into the inbox again, from the device copy; three rounds
    const cdp = await a.context.newCDPSession(a.page)
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 })
    const rounds: { first: number; second: number; third: number }[] = []
    for (let round = 0; round < 3; round++) {
      await a.page.getByRole('link', { name: 'Papers' }).click()
      await a.page.locator('.inbox-entry').first().waitFor({ state: 'detached' })
      rounds.push(await a.page.evaluate(async () => {
        const start = performance.now()
        ;(document.querySelector('a[href$="view=inbox"]') as HTMLAnchorElement).click()
        const painted = async (count: number) => {
          await new Promise<void>((resolve) => {
            const check = () => (document.querySelectorAll('.inbox-entry').length >= count ? resolve() : requestAnimationFrame(check))
            check()
          })
          await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)))
          return performance.now()
        }
        const first = (await painted(100)) - start
        const more = () => [...document.querySelectorAll('button')].find((button) => /^Show \d+ more$/.test(button.textContent ?? ''))!
        let clicked = performance.now()
        more().click()
        const second = (await painted(200)) - clicked
        clicked = performance.now()
        more().click()
        const third = (await painted(300)) - clicked
        return { first, second, third }
      }))
    }
    const median = (values: number[]) => values.sort((x, y) => x - y)[1]!.toFixed(0)
    const min = (values: number[]) => Math.min(...values).toFixed(0)
    const step = (key: 'first' | 'second' | 'third') => `median ${median(rounds.map((r) => r[key]))} ms (min ${min(rounds.map((r) => r[key]))})`
    console.log(`inbox render, 300 entries, phone profile (4x CPU throttle), 3 rounds: first 100 ${step('first')}; next 100 ${step('second')}; last 100 ${step('third')}`)
    expect(await a.page.locator('.inbox-entry').count()).toBe(300)
    expect(await a.page.getByRole('button', { name: /^Show \d+ more$/ }).count()).toBe(0)
  } finally {
    await a?.close()
    await bigRelay.stop()
    await big.close()
  }
})
