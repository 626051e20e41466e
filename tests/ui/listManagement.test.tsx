import { cleanup, fireEvent, render, screen, waitFor } from '@solidjs/testing-library'
import { afterEach, expect, test } from 'vitest'
import { StorageStatus } from '../../src/ui/components/StorageStatus.js'
import type { PersistentStorage } from '../../src/ui/components/StorageStatus.js'
import { UnsyncedWarning } from '../../src/ui/components/UnsyncedWarning.js'
import { ListMenu } from '../../src/ui/components/ListMenu.js'
import { Welcome } from '../../src/ui/pages/Welcome.js'
import { isIos, shouldSuggestInstall } from '../../src/ui/storageAdvice.js'
import { unsyncedSinceKey } from '../../src/sync/unsyncedSince.js'

afterEach(() => {
  cleanup()
  localStorage.clear()
})

const IPHONE_SAFARI = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1'
const IPHONE_CHROME = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/123.0.6312.52 Mobile/15E148 Safari/604.1'
const IPAD_DESKTOP_MODE = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15'
const ANDROID_CHROME = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/123.0.0.0 Mobile Safari/537.36'

test('installing is suggested in iOS Safari tabs only: not once installed, not in other browsers', () => {
  const facts = (userAgent: string, extra: Partial<{ platform: string; maxTouchPoints: number; standalone: boolean }> = {}) => ({
    userAgent, platform: 'iPhone', maxTouchPoints: 5, standalone: false, ...extra,
  })
  expect(shouldSuggestInstall(facts(IPHONE_SAFARI))).toBe(true)
  expect(shouldSuggestInstall(facts(IPHONE_SAFARI, { standalone: true }))).toBe(false)
  expect(shouldSuggestInstall(facts(IPHONE_CHROME))).toBe(false)
  expect(isIos(facts(IPAD_DESKTOP_MODE, { platform: 'MacIntel', maxTouchPoints: 5 }))).toBe(true)
  expect(shouldSuggestInstall(facts(IPAD_DESKTOP_MODE, { platform: 'MacIntel', maxTouchPoints: 5 }))).toBe(true)
  expect(shouldSuggestInstall(facts(IPAD_DESKTOP_MODE, { platform: 'MacIntel', maxTouchPoints: 0 }))).toBe(false)
  expect(shouldSuggestInstall(facts(ANDROID_CHROME, { platform: 'Linux armv8l' }))).toBe(false)
})

/** The browser's `navigator.storage` persistence, which jsdom lacks: a browser that grants on asking (or not). */
function persistence(initially: boolean, grants: boolean): PersistentStorage & { asked: number } {
  let persisted = initially
  const storage = {
    asked: 0,
    persisted: async () => persisted,
    persist: async () => {
      storage.asked += 1
      persisted = grants
      return grants
    },
  }
  return storage
}

test('storage status says whether lists are kept, asks on request, and explains a refusal', async () => {
  const desktop = { userAgent: ANDROID_CHROME, platform: 'Linux', maxTouchPoints: 0, standalone: false }
  const granting = persistence(false, true)
  render(() => <StorageStatus storage={granting} facts={desktop} />)
  await screen.findByText('This browser may clear your lists when the device runs low on space.')
  fireEvent.click(screen.getByRole('button', { name: 'Keep my lists on this device' }))
  await screen.findByText(/This browser keeps your lists/)
  expect(granting.asked).toBe(1)
  expect(screen.queryByText(/Add to Home Screen/)).toBeNull()
  cleanup()

  render(() => <StorageStatus storage={persistence(false, false)} facts={{ ...desktop, userAgent: IPHONE_SAFARI, platform: 'iPhone', maxTouchPoints: 5 }} />)
  fireEvent.click(await screen.findByRole('button', { name: 'Keep my lists on this device' }))
  await screen.findByText(/did not agree to keep your lists/)
  expect(screen.getByRole('note').textContent).toMatch(/Safari deletes a site’s data after 7 days.*Add to Home Screen/)
  cleanup()

  render(() => <StorageStatus storage={null} facts={desktop} />)
  expect(screen.getByText('This browser does not say whether it keeps your lists.')).toBeTruthy()
})

test('the header warns once changes have waited more than a day for the relay, and stops when they arrive', async () => {
  const listId = 'AAAAAAAAAAAAAAAAAAAAAA'
  const fresh = render(() => <UnsyncedWarning listId={listId} unsynced={true} onBackup={() => {}} />)
  expect(fresh.container.textContent).toBe('')
  expect(Number(localStorage.getItem(unsyncedSinceKey(listId)))).toBeGreaterThan(0)
  cleanup()

  localStorage.setItem(unsyncedSinceKey(listId), String(Date.now() - 25 * 60 * 60 * 1000))
  let backups = 0
  render(() => <UnsyncedWarning listId={listId} unsynced={true} onBackup={() => backups++} />)
  expect(screen.getByRole('alert').textContent).toMatch(/Changes on this device have waited since .+ to reach the relay/)
  fireEvent.click(screen.getByRole('button', { name: 'Download backup' }))
  expect(backups).toBe(1)
  cleanup()

  render(() => <UnsyncedWarning listId={listId} unsynced={false} onBackup={() => {}} />)
  expect(screen.queryByRole('alert')).toBeNull()
  expect(localStorage.getItem(unsyncedSinceKey(listId))).toBeNull()
})

test('the join prompt names the list as text, and the first-run prompt stays as it was', () => {
  render(() => <Welcome joining={'<img src=x onerror=alert(1)> club'} onDone={() => {}} />)
  expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Join ‘<img src=x onerror=alert(1)> club’')
  expect(document.querySelector('img')).toBeNull()
  cleanup()
  render(() => <Welcome joining="" onDone={() => {}} />)
  expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Join a shared list')
  cleanup()
  render(() => <Welcome onDone={() => {}} />)
  expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Shortlist')
})

test('the list menu offers writer-only actions to writers only, and closes on Escape', async () => {
  const picked: string[] = []
  const { unmount } = render(() => <ListMenu readOnly={false} onAction={(action) => picked.push(action)} />)
  fireEvent.click(screen.getByRole('button', { name: 'List menu' }))
  expect(screen.getAllByRole('menuitem').map((item) => item.textContent)).toEqual(['Export…', 'Rename…', 'Download backup', 'Remove from this device…', 'Delete for everyone…'])
  fireEvent.click(screen.getByRole('menuitem', { name: 'Rename…' }))
  expect(picked).toEqual(['rename'])
  expect(screen.queryByRole('menu')).toBeNull()
  // the dialog an item opens gives focus back to the menu button
  expect(document.activeElement).toBe(screen.getByRole('button', { name: 'List menu' }))
  fireEvent.click(screen.getByRole('button', { name: 'List menu' }))
  fireEvent.keyDown(document, { key: 'Escape' })
  await waitFor(() => expect(screen.queryByRole('menu')).toBeNull())
  unmount()

  render(() => <ListMenu readOnly={true} onAction={() => {}} />)
  fireEvent.click(screen.getByRole('button', { name: 'List menu' }))
  expect(screen.getAllByRole('menuitem').map((item) => item.textContent)).toEqual(['Export…', 'Download backup', 'Remove from this device…'])
})
