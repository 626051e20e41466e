/**
 * Served over plain HTTP on a LAN host name (not localhost), the page is not a secure
 * context: no `crypto.subtle`, no service worker. Sync still works through the pure-JS token
 * derivation, and a banner says what needs HTTPS. Chromium maps `labserver` to 127.0.0.1.
 */
import { afterAll, beforeAll, expect, test } from 'vitest'
import { addByTitle, createList, enterName, LAN_HOST_ARGS, lanUrl, openBrowser, paperRow, startBuiltRelay, waitForBadge } from '../helpers/browser.js'
import type { RunningRelay, TestBrowser } from '../helpers/browser.js'

let relay: RunningRelay
beforeAll(async () => {
  relay = await startBuiltRelay()
})
afterAll(async () => {
  await relay?.stop()
})

test('on http://labserver two devices create, join and sync a list, and both show the HTTPS banner', async () => {
  let a: TestBrowser | undefined
  let b: TestBrowser | undefined
  const base = lanUrl(relay.url)
  try {
    a = await openBrowser({ args: LAN_HOST_ARGS })
    b = await openBrowser({ phone: true, args: LAN_HOST_ARGS })
    const pageErrors: string[] = []
    for (const page of [a.page, b.page]) page.on('pageerror', (error) => pageErrors.push(error.message))

    await a.page.goto(base)
    const context = await a.page.evaluate(() => ({ secure: isSecureContext, subtle: typeof crypto.subtle, serviceWorker: 'serviceWorker' in navigator }))
    expect(context).toEqual({ secure: false, subtle: 'undefined', serviceWorker: false })
    const banner = a.page.getByRole('note', { name: 'Connection without HTTPS' })
    await banner.waitFor()
    expect(await banner.textContent()).toContain('Sync works')
    expect(await banner.getByRole('link', { name: 'How to serve Shortlist over HTTPS' }).getAttribute('href')).toMatch(/README.*\.md#plain-http-and-https$/)

    await enterName(a.page, 'Ada')
    const { shareLink } = await createList(a.page, 'Vision group journal club')
    expect(shareLink).toMatch(new RegExp(`^${base}/l/[A-Za-z0-9_-]{22}#[A-Za-z0-9_-]{43}/Vision%20group%20journal%20club$`))
    await addByTitle(a.page, 'Attention is all you need')
    await waitForBadge(a.page, 'synced')

    await b.page.goto(shareLink)
    await b.page.getByRole('note', { name: 'Connection without HTTPS' }).waitFor()
    await enterName(b.page, 'Bo')
    await paperRow(b.page, 'Attention is all you need').waitFor({ timeout: 20_000 })
    await addByTitle(b.page, 'Denoising diffusion probabilistic models')
    await waitForBadge(b.page, 'synced')
    await paperRow(a.page, 'Denoising diffusion probabilistic models').waitFor({ timeout: 20_000 })
    await waitForBadge(a.page, 'synced')

    // the README the banner links to is served, as text
    const readme = await a.page.evaluate(async (href) => {
      const response = await fetch(href)
      return { status: response.status, type: response.headers.get('content-type'), text: await response.text() }
    }, (await banner.getByRole('link').getAttribute('href'))!)
    expect(readme.status).toBe(200)
    expect(readme.type).toContain('text/plain')
    expect(readme.text).toContain('## Plain HTTP and HTTPS')

    // dismissed on one device, it stays away there after a reload, and still shows on the other
    await banner.getByRole('button', { name: 'Got it' }).click()
    await a.page.reload()
    await paperRow(a.page, 'Attention is all you need').waitFor()
    expect(await a.page.getByRole('note', { name: 'Connection without HTTPS' }).count()).toBe(0)
    expect(await b.page.getByRole('note', { name: 'Connection without HTTPS' }).isVisible()).toBe(true)
    expect(pageErrors).toEqual([])
  } finally {
    await a?.close()
    await b?.close()
  }
})

test('on localhost the page is a secure context and shows no banner', async () => {
  let a: TestBrowser | undefined
  try {
    a = await openBrowser()
    await a.page.goto(relay.url)
    expect(await a.page.evaluate(() => isSecureContext)).toBe(true)
    await a.page.getByLabel('Your name, as the group will see it').waitFor()
    expect(await a.page.getByRole('note', { name: 'Connection without HTTPS' }).count()).toBe(0)
  } finally {
    await a?.close()
  }
})
