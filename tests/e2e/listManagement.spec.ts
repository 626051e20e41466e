/**
 * List management across two devices: the join prompt names the list before anything has
 * synced, a rename reaches the other device, "Delete for everyone" leaves the other device a
 * notice and its copy to export, and "Remove from this device" warns about changes the relay
 * has not confirmed and deletes the device copy.
 */
import { readFileSync } from 'node:fs'
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

const openMenuItem = async (page: Page, item: string) => {
  await page.getByRole('button', { name: 'List menu' }).click()
  await page.getByRole('menuitem', { name: item }).click()
}

/** Downloads the backup through `click` and returns the parsed file. */
async function downloadedBackup(page: Page, click: () => Promise<void>): Promise<{ format: string; maps: { meta?: { name?: string } } }> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()])
  return JSON.parse(readFileSync((await download.path())!, 'utf8'))
}

const listDatabases = (page: Page) => page.evaluate(async () => (await indexedDB.databases()).map((db) => db.name ?? ''))

test('the join prompt names the list; a rename reaches the other device; delete for everyone leaves it a notice and its copy', async () => {
  let a: TestBrowser | undefined
  let b: TestBrowser | undefined
  try {
    a = await openBrowser()
    b = await openBrowser({ phone: true })
    await a.page.goto(relay.url)
    await enterName(a.page, 'Ada')
    const { shareLink, listUrl } = await createList(a.page, 'Vision group journal club')
    await addByTitle(a.page, 'Attention is all you need')
    await waitForBadge(a.page, 'synced')

    // the invitee sees the list's name before their device has synced anything
    await b.page.goto(shareLink)
    await b.page.getByRole('heading', { level: 1, name: 'Join ‘Vision group journal club’' }).waitFor()
    await enterName(b.page, 'Bo')
    await paperRow(b.page, 'Attention is all you need').waitFor()
    await waitForBadge(b.page, 'synced')

    // rename: every device sees the new name
    await openMenuItem(a.page, 'Rename…')
    await a.page.getByLabel('New name, as every member will see it').fill('Vision journal club')
    await a.page.getByRole('button', { name: 'Save' }).click()
    await a.page.getByRole('heading', { level: 1, name: 'Vision journal club' }).waitFor()
    await b.page.getByRole('heading', { level: 1, name: 'Vision journal club' }).waitFor({ timeout: 10_000 })

    // delete for everyone: confirmed by typing the list's name
    await openMenuItem(a.page, 'Delete for everyone…')
    const confirmButton = a.page.getByRole('button', { name: 'Delete for everyone' })
    expect(await confirmButton.isDisabled()).toBe(true)
    await a.page.getByLabel(/Type the list’s name to confirm/).fill('Vision group journal club')
    expect(await confirmButton.isDisabled()).toBe(true)
    await a.page.getByLabel(/Type the list’s name to confirm/).fill('Vision journal club')
    await confirmButton.click()
    await a.page.getByRole('heading', { name: 'My lists' }).waitFor()
    expect(await a.page.locator('.list-card').count()).toBe(0)
    const listId = new URL(listUrl).pathname.split('/').pop()!
    await expect.poll(() => listDatabases(a!.page)).not.toContain(`shortlist-${listId}`)

    // the other device is told, keeps its copy, and can still export it
    const notice = b.page.getByText('This list was deleted for everyone.')
    await notice.waitFor({ timeout: 10_000 })
    const backup = await downloadedBackup(b.page, () => b!.page.locator('.deleted-notice').getByRole('button', { name: 'Download backup' }).click())
    expect(backup.format).toBe('shortlist-list-backup')
    expect(backup.maps.meta?.name).toBe('Vision journal club')
    expect(JSON.stringify(backup)).toContain('Attention is all you need')
    expect(await b.page.getByRole('button', { name: 'Share' }).count()).toBe(0)

    // ... also after a reload, and its home page says so
    await b.page.reload()
    await notice.waitFor()
    await paperRow(b.page, 'Attention is all you need').waitFor()
    await b.page.getByRole('link', { name: 'My lists' }).click()
    await b.page.locator('.list-card', { hasText: 'Deleted for everyone' }).waitFor()

    // the link is dead for good: opening it in a fresh browser shows nothing of the list
    const c = await openBrowser()
    try {
      await c.page.goto(shareLink)
      await enterName(c.page, 'Cy')
      await c.page.locator('.sync-badge', { hasText: /deleted|Refused/ }).or(c.page.getByText('This list was deleted for everyone.')).first().waitFor({ timeout: 10_000 })
      expect(await paperRow(c.page, 'Attention is all you need').count()).toBe(0)
    } finally {
      await c.close()
    }
  } finally {
    await a?.close()
    await b?.close()
  }
})

test('removing a list with changes the relay has not confirmed warns, offers a backup, then deletes the device copy', async () => {
  let a: TestBrowser | undefined
  try {
    a = await openBrowser({ phone: true })
    await a.page.goto(relay.url)
    await enterName(a.page, 'Ada')
    const { listUrl } = await createList(a.page, 'Offline notes')
    await waitForBadge(a.page, 'synced')
    const listId = new URL(listUrl).pathname.split('/').pop()!
    expect(await listDatabases(a.page)).toContain(`shortlist-${listId}`)
    // the backup's exporters load on demand: offline, the service worker serves them
    await a.page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 20_000 })

    await a.context.setOffline(true)
    await addByTitle(a.page, 'A paper only this phone has')
    await a.page.locator('.sync-badge[data-unsynced="true"]').waitFor({ timeout: 15_000 })
    expect(await a.page.locator('.unsynced-warning').count()).toBe(0)

    // a day and more later (the wait's start is kept on the device), the header warns, also after a reload
    await a.page.evaluate((id) => localStorage.setItem(`shortlist.unsyncedSince.${id}`, String(Date.now() - 25 * 60 * 60 * 1000)), listId)
    await a.page.reload()
    await a.page.locator('.unsynced-warning').getByText(/Changes on this device have waited since .+ to reach the relay/).waitFor()

    await openMenuItem(a.page, 'Remove from this device…')
    await a.page.getByText(/changes? on this device ha(s|ve) not reached the relay/i).waitFor()
    const backup = await downloadedBackup(a.page, () => a!.page.getByRole('button', { name: 'Download backup first' }).click())
    expect(JSON.stringify(backup)).toContain('A paper only this phone has')
    await a.page.getByRole('button', { name: 'Backup downloaded' }).waitFor()
    await a.page.getByRole('button', { name: 'Remove', exact: true }).click()

    await a.page.getByRole('heading', { name: 'My lists' }).waitFor()
    expect(await a.page.locator('.list-card').count()).toBe(0)
    await expect.poll(() => listDatabases(a!.page)).not.toContain(`shortlist-${listId}`)
    expect(await a.page.evaluate((id) => Object.keys(localStorage).filter((key) => key.includes(id)), listId)).toEqual([])
  } finally {
    await a?.close()
  }
})

test('the share dialog says which link each button copies, and "copied" belongs to the link that was copied', async () => {
  let a: TestBrowser | undefined
  try {
    a = await openBrowser()
    await a.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: relay.url })
    await a.page.goto(relay.url)
    await enterName(a.page, 'Ada')
    const { shareLink } = await createList(a.page, 'Copy check')
    await a.page.getByRole('button', { name: 'Share' }).click()
    await a.page.getByRole('button', { name: 'Copy edit link' }).click()
    const note = a.page.locator('.share-dialog [role="status"]')
    await expect.poll(() => note.textContent()).toBe('Edit link copied')
    expect(await a.page.evaluate(() => navigator.clipboard.readText())).toBe(shareLink)

    await a.page.getByRole('button', { name: 'Read only' }).click()
    await a.page.getByRole('button', { name: 'Copy read-only link' }).waitFor()
    expect(await note.textContent()).toBe('')
    await a.page.getByRole('button', { name: 'Copy read-only link' }).click()
    await expect.poll(() => note.textContent()).toBe('Read-only link copied')
    expect(await a.page.evaluate(() => navigator.clipboard.readText())).toMatch(/#ro-[A-Za-z0-9_-]{43}\/Copy%20check$/)

    await a.page.getByRole('button', { name: 'Can edit' }).click()
    expect(await note.textContent()).toBe('')
  } finally {
    await a?.close()
  }
})
