#!/usr/bin/env node
/**
 * App benchmark in headless Chromium, against the built app served by the real relay
 * (`build/server/main.js`; run `npm run build` first). Everything goes through the UI:
 *
 *  a. import: time from clicking Add to the preview painted, for the sample copied page
 *     and a generated 5,000-entry BibTeX file, and the longest gap between frames while
 *     reading (how responsive the page stays);
 *  b. add: time from clicking "Add 1,000 papers" to the rows painted, and the longest frame
 *     gap during it;
 *  c. offline cold start to the first list paint with 1,000 and 10,000 papers (the list
 *     restored from a generated backup, the service worker in control, the network off),
 *     a vote to the next paint, and the JS heap after load (after a full GC).
 *
 * A paint mark is taken after layout: `requestAnimationFrame`, then `setTimeout(0)`.
 * Each figure is the median of several runs. Options: `--runs N` (default 5), `--quick`
 * (fewer runs, no 10,000-paper list), `--out file.json`, `--only import,add,cold1000,cold10000`
 * (which parts to run), `--static dir` (another build to serve, e.g. for an A/B comparison).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { generatedBackup, generatedBibtex, median, openBrowser, option, prepareOfflineList, root, startRelay } from '../shared/harness.mjs'

const args = process.argv.slice(2)
const quick = args.includes('--quick')
const RUNS = Number(option('runs', quick ? 3 : 5))
const OUT = option('out', path.join(root, 'reports/bench-app.json'))
const ONLY = option('only', 'import,add,cold1000,cold10000').split(',')
const STATIC = option('static', 'dist')

const ms = (value) => `${value.toFixed(1)} ms`

// ---------- in-page measurements ----------

/**
 * Runs in the page: puts `fill` in the Add box (unless null), clicks the button `click`, and
 * resolves when `until` holds (an element whose text includes or equals a value, and
 * optionally another element present), after the next paint; reports the time and the
 * longest gap between frames. Conditions are data: the app's CSP forbids evaluating strings.
 */
async function clickAndWait(page, { fill, click, until }) {
  return page.evaluate(async ({ fill, click, until }) => {
    if (fill !== null) {
      const box = document.getElementById('paste-input')
      box.value = fill
      box.dispatchEvent(new Event('input', { bubbles: true }))
    }
    const button = [...document.querySelectorAll('button')].find((candidate) => candidate.textContent.trim() === click)
    if (!button) throw new Error(`no button "${click}"`)
    let longestGap = 0
    let last = performance.now()
    let watching = true
    const frame = () => {
      const now = performance.now()
      longestGap = Math.max(longestGap, now - last)
      last = now
      if (watching) requestAnimationFrame(frame)
    }
    const paint = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)))
    await paint()
    const start = performance.now()
    last = start
    requestAnimationFrame(frame)
    button.click()
    const ready = () => {
      const text = document.querySelector(until.selector)?.textContent ?? null
      if (text === null) return false
      if (until.includes && !text.includes(until.includes)) return false
      if (until.equals && text !== until.equals) return false
      return !until.also || document.querySelector(until.also) !== null
    }
    while (!ready()) await new Promise((resolve) => setTimeout(resolve, 1))
    await paint()
    const end = performance.now()
    watching = false
    return { ms: end - start, longestGapMs: Math.max(longestGap, end - last) }
  }, { fill, click, until })
}

async function enterNameAndCreate(page, relayUrl, name) {
  await page.goto(relayUrl)
  const nameField = page.getByLabel('Your name, as the group will see it')
  if (await nameField.isVisible().catch(() => false)) {
    await nameField.fill('Bench')
    await page.getByRole('button', { name: 'Continue' }).click()
  }
  await page.getByLabel('List name').fill(name)
  await page.getByRole('button', { name: 'Create' }).click()
  await page.getByRole('heading', { name, level: 1 }).waitFor()
}

const summaryShows = (text) => ({ selector: '[data-testid=import-summary]', includes: text })

async function benchImport(relay, results) {
  const browser = await openBrowser()
  try {
    const { page } = browser
    await enterNameAndCreate(page, relay.url, 'Import bench')
    const samplePage = readFileSync(path.join(root, 'tests/fixtures/io/papers-page-sample.txt'), 'utf8')
    const bib = generatedBibtex(5_000)
    const cancel = () => page.getByRole('button', { name: 'Cancel' }).click()

    // the first read loads the parsers' chunk (from the service worker cache or the network)
    const first = await clickAndWait(page, { fill: samplePage, click: 'Add', until: summaryShows('12 new') })
    await cancel()
    const pageRuns = []
    for (let run = 0; run < RUNS * 2; run++) {
      pageRuns.push(await clickAndWait(page, { fill: samplePage, click: 'Add', until: summaryShows('12 new') }))
      await cancel()
    }
    const bibRuns = []
    for (let run = 0; run < RUNS; run++) {
      bibRuns.push(await clickAndWait(page, { fill: bib, click: 'Add', until: summaryShows('5,000 new') }))
      await cancel()
    }
    results.import = {
      samplePageFirstMs: first.ms,
      samplePageMs: median(pageRuns.map((r) => r.ms)),
      bibtex5000Ms: median(bibRuns.map((r) => r.ms)),
      bibtex5000LongestFrameGapMs: median(bibRuns.map((r) => r.longestGapMs)),
      runs: { samplePage: pageRuns, bibtex5000: bibRuns },
    }
    console.log(`a. paste the sample page (12 papers) → preview painted: median ${ms(results.import.samplePageMs)} (first, loading the parsers: ${ms(first.ms)})`)
    console.log(`   paste 5,000 BibTeX entries (${(bib.length / 1e6).toFixed(2)} MB) → preview painted: median ${ms(results.import.bibtex5000Ms)}; longest frame gap while reading ${ms(results.import.bibtex5000LongestFrameGapMs)}`)
  } finally {
    await browser.close()
  }
}

async function benchAdd(relay, results) {
  const browser = await openBrowser()
  try {
    const { page } = browser
    const runs = []
    for (let run = 0; run < RUNS; run++) {
      await enterNameAndCreate(page, relay.url, `Add bench ${run}`)
      await page.evaluate(async (text) => {
        const box = document.getElementById('paste-input')
        box.value = text
        box.dispatchEvent(new Event('input', { bubbles: true }))
      }, generatedBibtex(1_000, run * 1_000))
      await page.getByRole('button', { name: 'Add', exact: true }).click()
      await page.getByRole('button', { name: 'Add 1,000 papers' }).waitFor({ timeout: 60_000 })
      runs.push(await clickAndWait(page, {
        fill: null,
        click: 'Add 1,000 papers',
        until: { selector: '#tab-queue .count', equals: '1000', also: 'article.paper-row' },
      }))
    }
    results.add = { papers1000Ms: median(runs.map((r) => r.ms)), longestFrameGapMs: median(runs.map((r) => r.longestGapMs)), runs }
    console.log(`b. click "Add 1,000 papers" → rows painted: median ${ms(results.add.papers1000Ms)}; longest frame gap ${ms(results.add.longestFrameGapMs)}`)
  } finally {
    await browser.close()
  }
}

async function benchColdStart(relay, results, count) {
  const browser = await openBrowser()
  const backupFile = path.join(mkdtempSync(path.join(tmpdir(), 'shortlist-bench-backup-')), 'backup.json')
  try {
    const { page, context } = browser
    writeFileSync(backupFile, await generatedBackup(count))
    const listUrl = await prepareOfflineList(page, context, { relayUrl: relay.url, backupFile, count })
    const starts = []
    const votes = []
    const heaps = []
    const cdp = await context.newCDPSession(page)
    for (let run = 0; run < RUNS; run++) {
      await page.goto(listUrl)
      await page.waitForFunction(() => window.__firstListPaint !== undefined, null, { timeout: 60_000 })
      starts.push(await page.evaluate(() => window.__firstListPaint))
      votes.push(await page.evaluate(async () => {
        const button = document.querySelector('article.paper-row button.vote')
        await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)))
        const start = performance.now()
        button.click()
        await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)))
        return performance.now() - start
      }))
      await cdp.send('HeapProfiler.collectGarbage')
      heaps.push((await cdp.send('Runtime.getHeapUsage')).usedSize / 1_048_576)
    }
    await context.setOffline(false)
    const figures = { coldStartMs: median(starts), voteToPaintMs: median(votes), heapMb: median(heaps), runs: { starts, votes, heaps } }
    results[`list${count}`] = figures
    console.log(`c. ${count.toLocaleString('en-US')} papers, offline: cold start → first list paint ${ms(figures.coldStartMs)}; a vote → next paint ${ms(figures.voteToPaintMs)}; JS heap after load ${figures.heapMb.toFixed(1)} MB`)
  } finally {
    await browser.close()
    rmSync(path.dirname(backupFile), { recursive: true, force: true })
  }
}

/** Gzip sizes of the entry chunk with everything it imports statically, and of the parsers' chunk. */
function bundleSizes(results) {
  const assets = path.resolve(root, STATIC, 'assets')
  const html = readFileSync(path.resolve(root, STATIC, 'index.html'), 'utf8')
  const entry = /src="\/assets\/([^"]+\.js)"/.exec(html)?.[1]
  const seen = new Set()
  const stack = entry ? [entry] : []
  while (stack.length) {
    const file = stack.pop()
    if (seen.has(file)) continue
    seen.add(file)
    const code = readFileSync(path.join(assets, file), 'utf8')
    for (const match of code.matchAll(/(?:^|[;\n}])\s*import\s*(?:[^"'()]*?from\s*)?["']\.\/([^"']+\.js)["']/g)) stack.push(match[1])
  }
  const gzip = (file) => gzipSync(readFileSync(path.join(assets, file))).length / 1024
  const mainKb = [...seen].reduce((sum, file) => sum + gzip(file), 0)
  const parserFile = [...new Set(readFileSync(path.join(assets, entry), 'utf8').match(/io-[\w-]+\.js/g) ?? [])][0]
  results.bundle = { mainGzipKb: mainKb, mainFiles: [...seen], parserGzipKb: parserFile ? gzip(parserFile) : null }
  console.log(`bundle: first-load JS ${mainKb.toFixed(1)} KB gzip (${seen.size} files); parsers' chunk ${parserFile ? `${gzip(parserFile).toFixed(1)} KB gzip, loaded on first import` : 'not found'}`)
}

const results = { runs: RUNS, at: new Date().toISOString() }
const relay = await startRelay({ staticDir: STATIC })
try {
  console.log(`app benchmark: ${RUNS} runs per figure, relay at ${relay.url}`)
  bundleSizes(results)
  if (ONLY.includes('import')) await benchImport(relay, results)
  if (ONLY.includes('add')) await benchAdd(relay, results)
  if (ONLY.includes('cold1000')) await benchColdStart(relay, results, 1_000)
  if (!quick && ONLY.includes('cold10000')) await benchColdStart(relay, results, 10_000)
} finally {
  await relay.stop()
}
writeFileSync(OUT, JSON.stringify(results, null, 2))
console.log(`results written to ${path.relative(root, OUT)}`)
