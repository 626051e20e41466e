/**
 * A list made before list ids were derived from the link's secret, that never reached the
 * relay: the relay refuses it to everyone now, and its owner's device offers to put it on a
 * new link, which keeps its papers and syncs.
 */
import { afterAll, beforeAll, expect, test } from 'vitest'
import { newSecret, randomId } from '../../src/doc/ids.js'
import { addByTitle, enterName, openBrowser, paperRow, startBuiltRelay, waitForBadge } from '../helpers/browser.js'
import type { RunningRelay, TestBrowser } from '../helpers/browser.js'

let relay: RunningRelay
beforeAll(async () => {
  relay = await startBuiltRelay()
})
afterAll(async () => {
  await relay?.stop()
})

test('an old list the relay never had is refused, and "Put it on a new link" moves it with its papers', async () => {
  let a: TestBrowser | undefined
  let b: TestBrowser | undefined
  try {
    a = await openBrowser({ phone: true })
    const oldId = randomId(16)
    await a.page.goto(`${relay.url}/l/${oldId}#${newSecret()}`)
    await enterName(a.page, 'Ada')
    await addByTitle(a.page, 'Made before the upgrade')
    const notice = a.page.getByRole('alert').filter({ hasText: 'made by an older version' })
    await notice.waitFor({ timeout: 20_000 })
    await notice.getByRole('button', { name: 'Put it on a new link' }).click()

    await a.page.waitForURL((url) => url.pathname.startsWith('/l/') && !url.pathname.includes(oldId), { timeout: 30_000 })
    // the new list opens with its share dialog, as after any move
    const shareLink = await a.page.getByLabel('Share link', { exact: true }).inputValue()
    expect(shareLink).toMatch(new RegExp(`^${relay.url}/l/[A-Za-z0-9_-]{22}#[A-Za-z0-9_-]{43}$`))
    await a.page.getByRole('button', { name: 'Close' }).click()
    await paperRow(a.page, 'Made before the upgrade').waitFor()
    await waitForBadge(a.page, 'synced')
    expect(await a.page.getByRole('alert').filter({ hasText: 'made by an older version' }).count()).toBe(0)

    b = await openBrowser()
    await b.page.goto(shareLink)
    await enterName(b.page, 'Bo')
    await paperRow(b.page, 'Made before the upgrade').waitFor({ timeout: 20_000 })
  } finally {
    await a?.close()
    await b?.close()
  }
})
