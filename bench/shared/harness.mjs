/**
 * Pieces the benchmarks share: the real relay as a child process, Chromium's flags for this
 * closed network, option parsing, medians, and generated inputs (the same in every bench, so
 * their figures compare).
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

/** The project's root folder. */
export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

/** Reads `--name value` from the command line, or `fallback`. */
export function option(name, fallback, args = process.argv.slice(2)) {
  const index = args.indexOf(`--${name}`)
  return index >= 0 ? args[index + 1] : fallback
}

/** Headless Chromium flags: no sandbox (root), and nothing that calls out to the network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
]

/** The median of a list of numbers. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2
}

/** Starts the built relay (`build/server/main.js`) on a free port with a fresh data folder. */
export async function startRelay({ staticDir = 'dist' } = {}) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'shortlist-bench-app-'))
  const child = spawn(process.execPath, ['build/server/main.js'], {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', SHORTLIST_DATA_DIR: dataDir, SHORTLIST_STATIC_DIR: staticDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('relay did not start')), 20_000)
    child.once('exit', (code) => reject(new Error(`relay exited with ${code}`)))
    createInterface({ input: child.stdout }).on('line', (line) => {
      try {
        const entry = JSON.parse(line)
        if (entry.msg === 'relay.listening' && entry.url) {
          clearTimeout(timer)
          resolve(entry.url)
        }
      } catch {
        // not a log line
      }
    })
  })
  child.stderr.resume()
  return {
    url,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve))
        child.kill('SIGTERM')
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))])
        if (child.exitCode === null) child.kill('SIGKILL')
      }
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** A generated BibTeX file of `count` arXiv entries with accents, braces and math to decode. */
export function generatedBibtex(count, offset = 0) {
  const entries = []
  for (let n = 0; n < count; n++) {
    const i = n + offset
    const id = `${String(15 + (i % 10)).padStart(2, '0')}${String(1 + (i % 12)).padStart(2, '0')}.${String(10000 + (i % 90000)).padStart(5, '0')}`
    entries.push(`@article{paper${i},
  title     = {On {M}{\\"u}ller's Method for Problem ${i}: A {LaTeX} Study of {$\\alpha$}-Divergence},
  author    = {M{\\"u}ller, J{\\"o}rg and van der Berg, Jan and Smith, John and Doe, Jane},
  journal   = {Journal of Benchmarks},
  year      = {${2015 + (i % 10)}},
  month     = ${['jan', 'feb', 'mar', 'apr'][i % 4]},
  doi       = {10.1000/bench.${i}},
  eprint    = {${id}},
  archivePrefix = {arXiv},
  keywords  = {benchmarks, parsing},
  abstract  = {We study problem ${i} with care and show that it can be solved quickly. Our method improves on prior work by a wide margin, and the code is public.}
}
`)
  }
  return entries.join('\n')
}

/** A backup of a list with `count` papers and a few votes, made with the app's own ops. */
export async function generatedBackup(count) {
  const Y = await import('yjs')
  const ops = await import(path.join(root, 'build/src/doc/ops.js'))
  const { exportBackup } = await import(path.join(root, 'build/src/doc/backup.js'))
  const doc = new Y.Doc()
  ops.createList(doc, { name: `Bench ${count}`, at: 1 })
  ops.upsertMember(doc, { id: 'bench-member', name: 'Bench', colour: '#1971c2', at: 1 })
  for (let i = 0; i < count; i++) {
    const { id } = ops.addPaper(doc, {
      title: `Paper ${i}: a study of problem ${i} with a title of ordinary length`,
      authors: ['Ada Lovelace', 'Alan Turing', 'Grace Hopper'],
      abstract: `We study problem ${i} with care and show that it can be solved quickly. Our method improves on prior work by a wide margin.`,
      doi: `10.1000/cold.${i}`,
      published: `20${String(10 + (i % 15))}-0${1 + (i % 9)}-1${i % 10}`,
    }, 'bench-member', 1_700_000_000_000 + i)
    if (i % 7 === 0) ops.setVote(doc, { paperId: id, memberId: 'bench-member', on: true, at: 1_700_000_000_000 + i })
  }
  return JSON.stringify(exportBackup(doc, 1))
}

/**
 * Restores a generated list into the app through its UI, waits until the service worker
 * controls the page, installs the first-list-paint mark (`window.__firstListPaint`, taken
 * after layout: first row in the DOM, then `requestAnimationFrame` + `setTimeout(0)`), and
 * takes the browser offline. Returns the list's URL for offline cold starts.
 */
export async function prepareOfflineList(page, context, { relayUrl, backupFile, count, settleMs = 0 }) {
  await page.goto(relayUrl)
  await page.getByLabel('Your name, as the group will see it').fill('Bench')
  await page.getByRole('button', { name: 'Continue' }).click()
  await page.getByLabel('Restore from backup').setInputFiles(backupFile)
  await page.getByRole('heading', { name: `Bench ${count}`, level: 1 }).waitFor({ timeout: 120_000 })
  await page.locator('article.paper-row').first().waitFor({ timeout: 60_000 })
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 })
  if (settleMs) await page.waitForTimeout(settleMs)
  const listUrl = page.url()
  await context.addInitScript(() => {
    const observer = new MutationObserver(() => {
      if (!document.querySelector('article.paper-row')) return
      observer.disconnect()
      requestAnimationFrame(() => setTimeout(() => { window.__firstListPaint = performance.now() }, 0))
    })
    observer.observe(document, { childList: true, subtree: true })
  })
  await context.setOffline(true)
  return listUrl
}

/**
 * Device profiles for the app benchmarks: a desktop window, and a phone (390×844, touch, the
 * CPU slowed 4× through CDP's `Emulation.setCPUThrottlingRate`, applied per page with
 * `throttle`).
 */
export const DEVICE_PROFILES = {
  desktop: { context: { viewport: { width: 1200, height: 800 } }, cpuSlowdown: 1 },
  phone: { context: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 3 }, cpuSlowdown: 4 },
}

/** Slows the page's CPU as its profile says (through a CDP session, which it returns). */
export async function throttle(context, page, profile) {
  const cdp = await context.newCDPSession(page)
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: profile.cpuSlowdown })
  return cdp
}

/** Headless Chromium on a fresh profile folder, with a device profile's context options; `close()` also deletes the folder. */
export async function openBrowser(contextOptions = DEVICE_PROFILES.desktop.context) {
  const profile = mkdtempSync(path.join(tmpdir(), 'shortlist-bench-profile-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    ...contextOptions,
  })
  const page = context.pages()[0] ?? (await context.newPage())
  return {
    context,
    page,
    profile,
    async close() {
      await context.close().catch(() => undefined)
      rmSync(profile, { recursive: true, force: true })
    },
  }
}

/** In the page: one vote on the top row, from the click to the paint after it. */
export async function voteToPaint(page) {
  return page.evaluate(async () => {
    const paint = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)))
    const button = document.querySelector('article.paper-row button.vote')
    await paint()
    const start = performance.now()
    button.click()
    await paint()
    return performance.now() - start
  })
}

/** Every node reachable from `starts` through `next(node)` (starts included), each visited once: a build's chunks and what they import. */
export function reachableFrom(starts, next) {
  const seen = new Set()
  const stack = [...starts]
  // bound: the graph's nodes, each visited once
  while (stack.length) {
    const node = stack.pop()
    if (seen.has(node)) continue
    seen.add(node)
    stack.push(...next(node))
  }
  return seen
}
