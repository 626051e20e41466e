/**
 * Status within a second, measured in Chromium: the badge says "Offline" within 1 s of the
 * browser's `offline` event and turns back once the relay confirms; a peer who closes the
 * app leaves presence within 5 s, and one whose network vanishes within the presence timeout.
 */
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { Page } from 'playwright-core'
import { createList, enterName, openBrowser, startBuiltRelay, waitForBadge } from '../helpers/browser.js'
import type { RunningRelay, TestBrowser } from '../helpers/browser.js'

let relay: RunningRelay
beforeAll(async () => {
  relay = await startBuiltRelay()
})
afterAll(async () => {
  await relay?.stop()
})

/**
 * Records in the page when each network event was created (`event.timeStamp`, so the order
 * of listeners does not matter) and every state the badge shows, with the time it showed.
 */
async function recordBadgeTimes(page: Page): Promise<void> {
  await page.evaluate(() => {
    const log = { events: {} as Record<string, number>, badge: [] as Array<[string, number]> }
    ;(window as unknown as { badgeLog: typeof log }).badgeLog = log
    for (const name of ['offline', 'online']) window.addEventListener(name, (event) => (log.events[name] = event.timeStamp))
    new MutationObserver(() => {
      const badge = document.querySelector<HTMLElement>('.sync-badge')
      if (badge?.dataset.state) log.badge.push([`${badge.dataset.state}${badge.dataset.unsynced === 'true' ? '+unsynced' : ''}`, performance.now()])
    }).observe(document.body, { attributes: true, subtree: true, childList: true })
  })
}

/** Milliseconds from the network event `event` to the first time the badge showed `state` after it. */
async function badgeDelay(page: Page, event: 'offline' | 'online', state: string): Promise<number> {
  const log = await page.evaluate(() => (window as unknown as { badgeLog: { events: Record<string, number>; badge: Array<[string, number]> } }).badgeLog)
  const firedAt = log.events[event]
  if (firedAt === undefined) throw new Error(`the page never saw the ${event} event`)
  const shown = log.badge.find(([seen, at]) => seen === state && at >= firedAt)
  if (!shown) throw new Error(`the badge never showed ${state} after ${event}: ${JSON.stringify(log)}`)
  return shown[1] - firedAt
}

const hereNow = (page: Page) => page.locator('.presence').getAttribute('aria-label')

test('the badge says offline within 1 s of the offline event, and synced again once the relay confirms', async () => {
  let a: TestBrowser | undefined
  try {
    a = await openBrowser()
    await a.page.goto(relay.url)
    await enterName(a.page, 'Ada')
    await createList(a.page, 'Status club')
    await waitForBadge(a.page, 'synced')
    await recordBadgeTimes(a.page)

    await a.context.setOffline(true)
    await a.page.locator('.sync-badge[data-state="offline"]').waitFor({ timeout: 5_000 })
    expect(await a.page.locator('.sync-badge').textContent()).toContain('Offline — changes kept on this device')
    const toOffline = await badgeDelay(a.page, 'offline', 'offline')
    console.log(`badge offline ${toOffline.toFixed(0)} ms after the offline event`)
    expect(toOffline).toBeLessThan(1_000)

    await a.context.setOffline(false)
    await waitForBadge(a.page, 'synced', 10_000)
    console.log(`badge synced ${(await badgeDelay(a.page, 'online', 'synced')).toFixed(0)} ms after the online event`)
  } finally {
    await a?.close()
  }
})

test('a peer who closes the app leaves presence within 5 s; one whose network vanishes leaves within the presence timeout', async () => {
  let a: TestBrowser | undefined
  let b: TestBrowser | undefined
  let c: TestBrowser | undefined
  try {
    a = await openBrowser()
    b = await openBrowser()
    c = await openBrowser()
    await a.page.goto(relay.url)
    await enterName(a.page, 'Ada')
    const { shareLink } = await createList(a.page, 'Presence club')
    for (const [peer, name] of [[b, 'Bo'], [c, 'Cy']] as const) {
      await peer.page.goto(shareLink)
      await enterName(peer.page, name)
      await waitForBadge(peer.page, 'synced')
    }
    await expect.poll(() => hereNow(a!.page), { timeout: 10_000 }).toBe('Here now: you, Bo, Cy')
    // presence stays while everyone is connected and renewing (longer than the timeout)
    await new Promise((resolve) => setTimeout(resolve, 6_000))
    expect(await hereNow(a.page)).toBe('Here now: you, Bo, Cy')

    const closedAt = Date.now()
    await b.page.close()
    await expect.poll(() => hereNow(a!.page), { timeout: 10_000, interval: 50 }).toBe('Here now: you, Cy')
    const afterClose = Date.now() - closedAt
    console.log(`a peer who closed the app left presence after ${afterClose} ms`)
    expect(afterClose).toBeLessThan(5_000)

    const offlineAt = Date.now()
    await c.context.setOffline(true)
    await expect.poll(() => hereNow(a!.page), { timeout: 30_000, interval: 100 }).toBe('Here now: you')
    const afterOffline = Date.now() - offlineAt
    console.log(`a peer whose network vanished left presence after ${afterOffline} ms`)
    expect(afterOffline).toBeLessThan(10_000)
  } finally {
    await a?.close()
    await b?.close()
    await c?.close()
  }
})
