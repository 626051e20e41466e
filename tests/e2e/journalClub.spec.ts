import { afterAll, beforeAll, expect, test } from 'vitest'
import type { Page } from 'playwright-core'
import { addByTitle, createList, enterName, openBrowser, paperRow, startBuiltRelay, waitForBadge } from '../helpers/browser.js'
import type { RunningRelay, TestBrowser } from '../helpers/browser.js'

let relay: RunningRelay
beforeAll(async () => {
  relay = await startBuiltRelay()
})
afterAll(async () => {
  await relay?.stop()
})

const WINNER = 'Denoising diffusion probabilistic models'
const OTHER = 'Attention is all you need'

const section = (page: Page, name: 'Papers' | 'Meetings' | 'Archive' | 'Activity') =>
  page.getByRole('navigation', { name: 'List sections' }).getByRole('link', { name: new RegExp(`^${name}`) }).click()
const firstMeeting = (page: Page) => page.locator('article.meeting-item').first()

test('a full journal club cycle on two devices: schedule, vote, close, presenter, held, archive', async () => {
  let a: TestBrowser | undefined
  let b: TestBrowser | undefined
  try {
    a = await openBrowser()
    b = await openBrowser({ phone: true })
    const now = Date.now()
    const today = new Date(now).toISOString().slice(0, 10)
    const tomorrowDate = new Date(now + 86_400_000)
    const tomorrow = tomorrowDate.toISOString().slice(0, 10)

    // A makes the list, two papers, and a weekly meeting from tomorrow, 16:00 UTC
    await a.page.goto(relay.url)
    await enterName(a.page, 'Ada')
    const { shareLink } = await createList(a.page, 'Journal club')
    await addByTitle(a.page, OTHER)
    await addByTitle(a.page, WINNER)
    await section(a.page, 'Meetings')
    const schedule = a.page.getByRole('form', { name: 'Recurring meeting' })
    await schedule.getByLabel('Repeats', { exact: true }).selectOption('1')
    await schedule.getByLabel('On', { exact: true }).selectOption(String(tomorrowDate.getUTCDay()))
    await schedule.getByLabel('At', { exact: true }).fill('16:00')
    await schedule.getByLabel('Starting', { exact: true }).fill(today)
    await schedule.getByLabel('Time zone', { exact: true }).fill('UTC')
    await schedule.getByRole('button', { name: 'Save schedule' }).click()
    await expect.poll(() => a!.page.getByTestId('schedule-line').textContent()).toMatch(/^Weekly on \w+day at 16:00$/)
    await expect.poll(() => firstMeeting(a!.page).getAttribute('data-meeting')).toBe(tomorrow)
    await section(a.page, 'Papers')
    await paperRow(a.page, WINNER).getByRole('button', { name: /vote for/ }).click()
    await waitForBadge(a.page, 'synced')

    // B joins from a phone, sees the next meeting with voting open, and votes too
    await b.page.goto(shareLink)
    await enterName(b.page, 'Bo')
    await paperRow(b.page, WINNER).waitFor()
    const bCard = b.page.getByTestId('next-meeting')
    await expect.poll(() => bCard.textContent(), { timeout: 10_000 }).toContain('Voting open until the meeting is closed')
    expect(await bCard.locator('time').getAttribute('datetime')).toBe(`${tomorrow}T16:00:00.000Z`)
    await expect.poll(() => paperRow(b!.page, WINNER).locator('.rank-reason').textContent()).toBe('1 vote · added just now')
    await paperRow(b.page, WINNER).getByRole('button', { name: /vote for/ }).click()
    await expect.poll(() => paperRow(b!.page, WINNER).locator('.rank-reason').textContent()).toBe('2 votes · added just now')
    await waitForBadge(b.page, 'synced')
    await expect.poll(() => paperRow(a!.page, WINNER).getByTestId('vote-count').textContent(), { timeout: 10_000 }).toBe('2')

    // B closes the meeting by hand: the top paper becomes its paper
    await section(b.page, 'Meetings')
    await firstMeeting(b.page).getByRole('button', { name: 'Close voting' }).click()
    await firstMeeting(b.page).getByRole('link', { name: WINNER }).waitFor()
    // the rotation suggests one of the two (nobody presented yet); B takes it on instead
    const presenter = firstMeeting(b.page).getByLabel('Presenter')
    expect(await presenter.locator('option').first().textContent()).toMatch(/^(Ada|Bo) \(suggested\)$/)
    await presenter.selectOption({ label: 'Bo' })
    await waitForBadge(b.page, 'synced')

    // A's home shows the chosen paper, the presenter and who has read it, and marks it read
    await section(a.page, 'Papers')
    const aCard = a.page.getByTestId('next-meeting')
    await aCard.getByRole('link', { name: WINNER }).waitFor({ timeout: 10_000 })
    await expect.poll(() => aCard.getByLabel('Presenter').evaluate((select: HTMLSelectElement) => select.selectedOptions[0]?.textContent)).toBe('Bo')
    await aCard.getByRole('button', { name: 'Read', exact: true }).click()
    await expect.poll(() => aCard.getByTestId('reading-line').textContent()).toBe('1 of 2 has read it · Ada')

    // A marks the meeting held
    await section(a.page, 'Meetings')
    await firstMeeting(a.page).getByRole('button', { name: 'Mark held' }).click()
    await expect.poll(() => firstMeeting(a!.page).getAttribute('data-state')).toBe('held')
    await waitForBadge(a.page, 'synced')

    // both find it in the archive with the presenter and the date, and it left the queue
    for (const page of [a.page, b.page]) {
      await section(page, 'Archive')
      const entry = page.locator('.archive-entry', { hasText: WINNER })
      await entry.waitFor({ timeout: 10_000 })
      expect(await entry.locator('.archive-presenter').textContent()).toBe('Presented by Bo')
      const date = await entry.locator('.archive-date').textContent()
      expect(date).toContain(String(tomorrowDate.getUTCDate()))
      expect(date).toContain(String(tomorrowDate.getUTCFullYear()))
      await section(page, 'Papers')
      await paperRow(page, OTHER).waitFor()
      expect(await page.getByRole('list', { name: 'Ranked papers' }).locator('article.paper-row', { hasText: WINNER }).count()).toBe(0)
    }
    // the archive links to the paper page
    await section(b.page, 'Archive')
    await b.page.locator('.archive-entry').getByRole('link', { name: WINNER }).click()
    await b.page.getByRole('heading', { name: WINNER, level: 1 }).waitFor()
    await b.page.getByText(`discussed ${tomorrow}`).waitFor()

    // A sees what B did in the activity feed
    await section(a.page, 'Activity')
    await a.page.locator('.activity-item', { hasText: `Bo closed voting for` }).waitFor()
  } finally {
    await a?.close()
    await b?.close()
  }
})
