/**
 * End-to-end helpers: the real built relay as a child process (temp data dir, free port),
 * and headless Chromium contexts, each with its own fresh profile.
 */
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { chromium } from 'playwright-core'
import type { BrowserContext, Page } from 'playwright-core'
import WS from 'ws'
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { accessProtocols, parseFragment } from '../../src/sync/access.js'

/** Chromium flags that keep it quiet on a closed network and runnable in containers. */
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
]

/** A relay process serving the built app. */
export interface RunningRelay {
  url: string
  dataDir: string
  stop(): Promise<void>
}

/**
 * Starts `build/server/main.js` (run `npm run build` first) on a free port with a fresh data
 * directory (plus `env`, e.g. upstream addresses pointing at a test's fake), and resolves once it logs `relay.listening`.
 */
export async function startBuiltRelay(options: { dataDir?: string; env?: Record<string, string> } = {}): Promise<RunningRelay> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'shortlist-relay-'))
  const child: ChildProcess = spawn(process.execPath, ['build/server/main.js'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', SHORTLIST_DATA_DIR: dataDir, SHORTLIST_STATIC_DIR: 'dist', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const output: string[] = []
  child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()))
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`relay did not start:\n${output.join('')}`)), 20_000)
    child.once('exit', (code) => reject(new Error(`relay exited with ${code}:\n${output.join('')}`)))
    createInterface({ input: child.stdout! }).on('line', (line) => {
      output.push(line)
      try {
        const entry = JSON.parse(line) as { msg?: string; url?: string }
        if (entry.msg === 'relay.listening' && entry.url) {
          clearTimeout(timer)
          resolve(entry.url)
        }
      } catch {
        // not a log line
      }
    })
  })
  return {
    url,
    dataDir,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve))
        child.kill('SIGTERM')
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))])
        if (child.exitCode === null) child.kill('SIGKILL')
      }
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** A browser context with its own profile directory. */
export interface TestBrowser {
  context: BrowserContext
  page: Page
  profile: string
  /** Closes the browser; removes the profile unless `keepProfile`. */
  close(options?: { keepProfile?: boolean }): Promise<void>
}

/** Phone-size viewport used by the phone contexts. */
export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }

/**
 * Launches Chromium with a fresh (or the given) profile; `offline` applies before any page loads;
 * `args` are added to `CHROMIUM_ARGS` (e.g. `--host-resolver-rules` for a LAN host name).
 */
export async function openBrowser(options: { phone?: boolean; profile?: string; offline?: boolean; args?: string[] } = {}): Promise<TestBrowser> {
  const profile = options.profile ?? mkdtempSync(join(tmpdir(), 'shortlist-profile-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
    ...(options.phone ? PHONE : { viewport: { width: 1200, height: 800 } }),
    ...(options.offline ? { offline: true } : {}),
  })
  const page = context.pages()[0] ?? (await context.newPage())
  return {
    context,
    page,
    profile,
    async close(closeOptions = {}) {
      await context.close().catch(() => undefined)
      if (!closeOptions.keepProfile) removeProfile(profile)
    },
  }
}

/** Answers the first-run name prompt if it shows. */
export async function enterName(page: Page, name: string): Promise<void> {
  const field = page.getByLabel('Your name, as the group will see it')
  await field.fill(name)
  await page.getByRole('button', { name: 'Continue' }).click()
}

/** Creates a list from the home page and returns its share link (full access). */
export async function createList(page: Page, name: string): Promise<{ listUrl: string; shareLink: string }> {
  await page.getByLabel('List name').fill(name)
  await page.getByRole('button', { name: 'Create' }).click()
  await page.getByRole('heading', { name, level: 1 }).waitFor()
  await page.getByRole('button', { name: 'Share' }).click()
  const field = page.getByLabel('Share link', { exact: true })
  await field.waitFor()
  const shareLink = await field.inputValue()
  await page.getByRole('button', { name: 'Close' }).click()
  return { listUrl: page.url(), shareLink }
}

/** A browser with a new list open, its address and share link. */
export interface BrowserWithList {
  browser: TestBrowser
  page: Page
  listUrl: string
  shareLink: string
}

/**
 * Opens a browser (phone-size unless `phone: false`) on the relay, answers the name prompt as
 * `name` (default Ada) and creates the list `listName`. The browser is closed again if any
 * step fails, so callers only close it once they have it.
 */
export async function openWithNewList(relayUrl: string, listName: string, options: { phone?: boolean; name?: string } = {}): Promise<BrowserWithList> {
  const browser = await openBrowser({ phone: options.phone ?? true })
  try {
    const { page } = browser
    await page.goto(relayUrl)
    await enterName(page, options.name ?? 'Ada')
    const { listUrl, shareLink } = await createList(page, listName)
    return { browser, page, listUrl, shareLink }
  } catch (error) {
    await browser.close()
    throw error
  }
}

/** A second device on a list, as a bare Yjs document: fills a list quickly through the document ops. */
export interface SharePeer {
  doc: Y.Doc
  provider: WebsocketProvider
}

/** Connects a y-websocket peer to the list behind `shareLink` and resolves once it has synced. */
export async function connectPeer(relayUrl: string, shareLink: string): Promise<SharePeer> {
  const { pathname, hash } = new URL(shareLink)
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(relayUrl.replace(/^http/, 'ws') + '/sync', pathname.split('/')[2]!, doc, {
    WebSocketPolyfill: WS as unknown as typeof WebSocket,
    disableBc: true,
    protocols: await accessProtocols(parseFragment(hash)!),
  })
  await new Promise<void>((resolve) => (provider.synced ? resolve() : provider.once('sync', () => resolve())))
  return { doc, provider }
}

/** A folder for the screenshots specs take, from `SHORTLIST_SCREENSHOTS`; empty: none are taken. */
export const SCREENSHOTS_DIR = process.env.SHORTLIST_SCREENSHOTS ?? ''

/** Saves what the viewport shows as `name` in `SCREENSHOTS_DIR`, if one is set. */
export async function keepScreenshot(page: Page, name: string): Promise<void> {
  if (!SCREENSHOTS_DIR) return
  mkdirSync(SCREENSHOTS_DIR, { recursive: true })
  await page.screenshot({ path: join(SCREENSHOTS_DIR, name) })
}

/** Opens the Add sheet (the list's "Add papers" button) unless it is open. */
export async function openAddSheet(page: Page): Promise<void> {
  const sheet = page.getByRole('dialog', { name: 'Add papers' })
  if (!(await sheet.isVisible())) await page.getByRole('button', { name: 'Add papers' }).click()
  await page.locator('#paste-input').waitFor()
}

/** Opens the export dialog from the list menu. */
export async function openExport(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'List menu' }).click()
  await page.getByRole('menuitem', { name: 'Export…' }).click()
  await page.getByRole('dialog', { name: 'Export the list' }).waitFor()
}

/** Adds a paper through the paste box of the Add sheet. */
export async function pastePaper(page: Page, text: string): Promise<void> {
  await openAddSheet(page)
  await page.getByLabel('arXiv id, DOI or link').fill(text)
  await page.getByRole('button', { name: 'Add', exact: true }).click()
}

/** Adds a paper by title through the form of the Add sheet. */
export async function addByTitle(page: Page, title: string): Promise<void> {
  await openAddSheet(page)
  const form = page.locator('form.paper-form')
  if (!(await form.isVisible())) await page.getByRole('button', { name: 'Add by title instead' }).click()
  await form.getByLabel('Title').fill(title)
  await form.getByRole('button', { name: 'Add paper' }).click()
}

/** The row of a paper in the ranked list, by its title. */
export const paperRow = (page: Page, title: string) => page.locator('article.paper-row', { hasText: title })

/** Waits until the sync badge shows this state (`synced`, `offline`, …) with nothing unconfirmed. */
export async function waitForBadge(page: Page, state: 'synced' | 'offline' | 'connecting', timeout = 20_000): Promise<void> {
  await page.locator(`.sync-badge[data-state="${state}"]${state === 'synced' ? '[data-unsynced="false"]' : ''}`).waitFor({ timeout })
}

/**
 * Deletes a browser profile. Chromium's helper processes may still be flushing files for a
 * moment after `close()`, so retry, and never fail a test over a leftover temp folder.
 */
function removeProfile(profile: string): void {
  try {
    rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 })
  } catch (error) {
    console.warn(`could not remove browser profile ${profile}:`, error)
  }
}

/** A host name that is not `localhost`, mapped to loopback: its pages are not a secure context, as on a lab's LAN. */
export const LAN_HOST = 'labserver'

/** Chromium flag that resolves `LAN_HOST` to 127.0.0.1, so traffic stays on loopback. */
export const LAN_HOST_ARGS = [`--host-resolver-rules=MAP ${LAN_HOST} 127.0.0.1`]

/** The relay's URL under `LAN_HOST` (same port): plain HTTP on a non-loopback name. */
export const lanUrl = (relayUrl: string): string => `http://${LAN_HOST}:${new URL(relayUrl).port}`
