#!/usr/bin/env node
/**
 * App benchmark in headless Chromium, against the built app served by the real relay
 * (`build/server/main.js`; run `npm run build` first). Everything goes through the UI.
 *
 *  open: opening a stored list of each size, offline with the service worker in control, on
 *     each device profile (phone: 390×844, touch, CPU 4× slower; desktop), beside the floor
 *     page (bare Solid + Yjs + y-indexeddb on the same stored list), every figure with its
 *     ratio to the floor: first rows painted, time until a vote counts, a vote → next paint,
 *     a peer's vote → paint, heap after GC, JS fetched before the first rows;
 *  churn: a list after many vote toggles (made on `bench/churn/`, built beside the app) against
 *     a fresh copy of the same content;
 *  import / add (on request): parsing a pasted page and 5,000 BibTeX entries; adding 1,000
 *     papers.
 *
 * A paint mark is taken after layout: `requestAnimationFrame`, then `setTimeout(0)`.
 * Each figure is the median of several runs. Options: `--runs N` (default 5), `--quick`
 * (3 runs), `--out file.json`, `--only open,churn,import,add` (default `open,churn`),
 * `--static dir` (another build to serve, e.g. for a before/after comparison).
 * Environment: `BENCH_SIZES` (list sizes, default `100,1000`; `100,1000,10000` for the
 * issue's full table), `BENCH_PROFILES` (default `phone,desktop`), `BENCH_CHURN` (vote toggles
 * in the churned list, default 20000; 100000 for the issue's figure, about 4 minutes), `BENCH_CHURN_PAPERS` (its size, default 1000),
 * `BENCH_CHURN_PROFILE` (default `phone`), `BENCH_PEER=0` to skip the peer-vote figure.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { generatedBackup, generatedBibtex, median, openBrowser, option, reachableFrom, root, startRelay } from '../shared/harness.mjs'
import { buildChurnPage } from '../churn/build.mjs'
import { benchChurn } from './churn.mjs'
import { benchOpen, staticWithFloor } from './open.mjs'

const args = process.argv.slice(2)
const quick = args.includes('--quick')
const RUNS = Number(option('runs', quick ? 3 : 5))
const OUT = option('out', path.join(root, 'reports/bench-app.json'))
const ONLY = option('only', 'open,churn').split(',')
const STATIC = option('static', 'dist')
const SIZES = (process.env.BENCH_SIZES ?? '100,1000').split(',').map(Number)
const PROFILES = (process.env.BENCH_PROFILES ?? 'phone,desktop').split(',')
const CHURN_TOGGLES = Number(process.env.BENCH_CHURN ?? 20_000)
const CHURN_PAPERS = Number(process.env.BENCH_CHURN_PAPERS ?? 1_000)
const CHURN_PROFILE = process.env.BENCH_CHURN_PROFILE ?? 'phone'
const PEER = process.env.BENCH_PEER !== '0'

const ms = (value) => (typeof value === "number" ? `${value.toFixed(1)} ms` : "—")

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

/** Writes a generated backup of `count` papers to a temporary file; returns its path and a cleanup. */
async function backupOf(count) {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'shortlist-bench-backup-')), 'backup.json')
  writeFileSync(file, await generatedBackup(count))
  return { file, remove: () => rmSync(path.dirname(file), { recursive: true, force: true }) }
}

const kb = (value) => `${value.toFixed(1)} KB`
const mb = (value) => `${value.toFixed(1)} MB`
const ratio = (app, floor) => (floor > 0 && Number.isFinite(app) ? `${(app / floor).toFixed(2)}×` : '—')

/** Opens each size on each profile, the app beside the floor, and prints the table. */
async function benchOpenAll(relay, staticDir, results) {
  results.open = {}
  for (const count of SIZES) {
    const backup = await backupOf(count)
    try {
      for (const profileName of PROFILES) {
        const figures = await benchOpen({ relayUrl: relay.url, staticDir, profileName, count, runs: RUNS, backupFile: backup.file, peer: PEER })
        results.open[`${profileName}-${count}`] = figures
        const { app, floor } = figures
        const rows = [
          ['first rows painted', ms(app.firstRows), ms(floor.firstRows), ratio(app.firstRows, floor.firstRows)],
          ['time until a vote counts', ms(app.voteCounts), ms(floor.voteCounts), ratio(app.voteCounts, floor.voteCounts)],
          ['  … ÷ the floor\'s first rows', '', '', ratio(app.voteCounts, floor.firstRows)],
          ['vote → next paint', ms(app.vote), ms(floor.vote), ratio(app.vote, floor.vote)],
          ["a peer's vote → paint", app.peerVote === undefined ? '—' : ms(app.peerVote), floor.peerVote === undefined ? '—' : ms(floor.peerVote), ratio(app.peerVote, floor.peerVote)],
          ['heap after GC', mb(app.heap), mb(floor.heap), ratio(app.heap, floor.heap)],
          ['JS before first rows (gzip)', kb(app.jsKb), kb(floor.jsKb), ratio(app.jsKb, floor.jsKb)],
          ['JS of the whole start (gzip)', kb(app.jsStartKb), kb(floor.jsStartKb), ratio(app.jsStartKb, floor.jsStartKb)],
        ]
        console.log(`\n${profileName}, ${count.toLocaleString('en-US')} papers (median of ${RUNS}) | app | floor | app ÷ floor`)
        for (const row of rows) console.log(`  ${row[0].padEnd(30)} ${row[1].padStart(10)} ${row[2].padStart(10)} ${row[3].padStart(8)}`)
        console.log(`  app's scripts before first rows: ${app.jsFiles.join(', ')}; until the list is interactive: ${app.jsStartFiles.join(', ')}`)
      }
    } finally {
      backup.remove()
    }
  }
}

/** A churned list against a fresh copy of the same content. */
async function benchChurnOnce(relay, results) {
  const backup = await backupOf(CHURN_PAPERS)
  try {
    const figures = await benchChurn({ relayUrl: relay.url, profileName: CHURN_PROFILE, count: CHURN_PAPERS, toggles: CHURN_TOGGLES, runs: RUNS, backupFile: backup.file })
    results.churn = figures
    const opening = figures.churned.compactions
    console.log(`\nchurn, ${CHURN_PROFILE}, ${CHURN_PAPERS.toLocaleString('en-US')} papers after ${CHURN_TOGGLES.toLocaleString('en-US')} vote toggles (made in ${figures.churnSeconds.toFixed(0)} s; ${figures.rowsAfterChurn} rows stored after the last, ${kb(figures.churnedKb)}; the document as one row ${kb(figures.stateKb)})`)
    console.log(`  compactions while voting (desktop speed): ${figures.compactions.count} (longest ${ms(figures.compactions.longestMs)} of main thread, ${figures.compactions.failed} failed)`)
    console.log(`  compactions in the churned opens (${CHURN_PROFILE}, all ${RUNS}): ${opening.count} (longest ${ms(opening.longestMs)} of main thread, ${opening.failed} failed)`)
    const each = (runs) => runs.map((value) => value.toFixed(0)).join(', ')
    console.log(`  first rows painted, median of ${RUNS} opens, alternating: churned ${ms(figures.churned.firstRows)} (${each(figures.churned.runs)}; rows at each open ${figures.churned.rows.join(', ')}), fresh copy ${ms(figures.fresh.firstRows)} (${each(figures.fresh.runs)}): ratio ${figures.ratio.toFixed(2)}×`)
  } finally {
    backup.remove()
  }
}

/**
 * Gzip sizes of the page's first script with everything it imports statically (what runs
 * before the first rows), of the whole start (that, plus the app's entry chunk `app-*.js`,
 * which the first script imports, with its static imports), and of the parsers' chunk.
 */
function bundleSizes(results) {
  const assets = path.resolve(root, STATIC, 'assets')
  const html = readFileSync(path.resolve(root, STATIC, 'index.html'), 'utf8')
  // a chunk's static imports, read from its code
  const importsOf = (file) => [...readFileSync(path.join(assets, file), 'utf8').matchAll(/(?:^|[;\n}])\s*import\s*(?:[^"'()]*?from\s*)?["']\.\/([^"']+\.js)["']/g)].map((match) => match[1])
  const closure = (files) => reachableFrom(files, importsOf)
  const first = closure([...html.matchAll(/<script[^>]*\ssrc="\/assets\/([^"]+\.js)"/g)].map((match) => match[1]))
  const start = closure([...first, ...readdirSync(assets).filter((file) => /^app-[\w-]+\.js$/.test(file))])
  const gzip = (file) => gzipSync(readFileSync(path.join(assets, file))).length / 1024
  const sum = (files) => [...files].reduce((total, file) => total + gzip(file), 0)
  const parserFile = readdirSync(assets).find((file) => /^io-[\w-]+\.js$/.test(file))
  results.bundle = { firstGzipKb: sum(first), firstFiles: [...first], startGzipKb: sum(start), startFiles: [...start], parserGzipKb: parserFile ? gzip(parserFile) : null }
  console.log(`bundle: JS before first rows ${sum(first).toFixed(1)} KB gzip (${[...first].join(', ')}); whole start ${sum(start).toFixed(1)} KB gzip (${[...start].join(', ')}); parsers' chunk ${parserFile ? `${gzip(parserFile).toFixed(1)} KB gzip, loaded on first import` : 'not found'}`)
}

const results = { runs: RUNS, at: new Date().toISOString(), static: STATIC, sizes: SIZES, profiles: PROFILES }
const served = await staticWithFloor(STATIC)
const relay = await startRelay({ staticDir: served.dir })
try {
  console.log(`app benchmark: ${RUNS} runs per figure, ${STATIC} at ${relay.url}; sizes ${SIZES.join(', ')}; profiles ${PROFILES.join(', ')}`)
  bundleSizes(results)
  if (ONLY.includes('open')) await benchOpenAll(relay, served.dir, results)
  if (ONLY.includes('churn')) {
    await buildChurnPage(served.dir)
    await benchChurnOnce(relay, results)
  }
  if (ONLY.includes('import')) await benchImport(relay, results)
  if (ONLY.includes('add')) await benchAdd(relay, results)
} finally {
  await relay.stop()
  served.remove()
}
writeFileSync(OUT, JSON.stringify(results, null, 2))
console.log(`results written to ${path.relative(root, OUT)}`)
// a relay client's awareness timer may outlive its provider: the run is over
process.exit(0)
