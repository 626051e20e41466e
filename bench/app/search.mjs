#!/usr/bin/env node
/**
 * Search benchmark in headless Chromium, against the built app served by the real relay
 * (`build/server/main.js`; run `npm run build` first): a list of 10,000 papers (restored from
 * a generated backup), then real key presses in the find bar's search box. For each key the
 * time from its `keydown` to the next paint (`requestAnimationFrame`, then `setTimeout(0)`,
 * so layout and paint of the narrowed list are included) is recorded; the budget is 50 ms.
 *
 * Typing starts once the entries are prepared (the `shortlist:find-warm` measure, in slices
 * after the box's focus; a person's first key comes later than that).
 * Reports the median and the worst keystroke while typing a query that narrows the list
 * letter by letter, and while deleting it again (the list widens back to 10,000), plus the
 * time the search box's focus holds the page (the first slice of entries; the rest are
 * prepared in later tasks). Options:
 * `--papers N` (default 10000), `--cpu N` (CPU throttling rate, default 1), `--runs N`
 * (default 3), `--out file.json`, `--static dir` (another build to serve, for a before/after comparison).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { generatedBackup, median, openBrowser, option, prepareOfflineList, root, startRelay } from '../shared/harness.mjs'

const PAPERS = Number(option('papers', '10000'))
const CPU = Number(option('cpu', '1'))
const RUNS = Number(option('runs', '3'))
const OUT = option('out', path.join(root, 'reports/bench-search.json'))
const STATIC = option('static', 'dist')
const QUERY = 'problem 4321'
const BUDGET_MS = 50

const ms = (value) => `${value.toFixed(1)} ms`

/** Installs the per-key timer in the page: keydown → after the next paint. */
const installTimer = (page) =>
  page.evaluate(() => {
    window.__keyTimes = []
    document.getElementById('find-input').addEventListener('keydown', (event) => {
      const start = event.timeStamp
      requestAnimationFrame(() => setTimeout(() => window.__keyTimes.push(performance.now() - start), 0))
    })
  })

/** Presses one key and waits until its time is recorded. */
async function press(page, key) {
  const before = await page.evaluate(() => window.__keyTimes.length)
  await page.keyboard.press(key)
  await page.waitForFunction((count) => window.__keyTimes.length > count, before)
}

const relay = await startRelay({ staticDir: STATIC })
const browser = await openBrowser()
const backupFile = path.join(mkdtempSync(path.join(tmpdir(), 'shortlist-bench-search-')), 'backup.json')
try {
  const { page, context } = browser
  writeFileSync(backupFile, await generatedBackup(PAPERS))
  const listUrl = await prepareOfflineList(page, context, { relayUrl: relay.url, backupFile, count: PAPERS })
  const cdp = await context.newCDPSession(page)
  if (CPU > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU })
  const typing = []
  const deleting = []
  const focusing = []
  const warming = []
  let shown = -1
  for (let run = 0; run < RUNS; run++) {
    await page.goto(listUrl)
    await page.locator('article.paper-row').first().waitFor({ timeout: 60_000 })
    await installTimer(page)
    focusing.push(await page.evaluate(() => {
      const start = performance.now()
      document.getElementById('find-input').focus()
      return performance.now() - start
    }))
    // a person's first key comes a moment after the tap; the entries are prepared by then
    await page.waitForFunction(() => performance.getEntriesByName('shortlist:find-warm').length > 0, null, { timeout: 30_000 })
    warming.push(await page.evaluate(() => performance.getEntriesByName('shortlist:find-warm').at(-1).duration))
    const typed = []
    for (const key of QUERY) {
      await press(page, key === ' ' ? 'Space' : key)
    }
    typed.push(...(await page.evaluate(() => window.__keyTimes.splice(0))))
    shown = await page.locator('article.paper-row').count()
    const deleted = []
    for (let at = 0; at < QUERY.length; at++) await press(page, 'Backspace')
    deleted.push(...(await page.evaluate(() => window.__keyTimes.splice(0))))
    typing.push(...typed)
    deleting.push(...deleted)
  }
  const result = {
    papers: PAPERS,
    cpuThrottle: CPU,
    query: QUERY,
    rowsShownForQuery: shown,
    focusPrepareMs: median(focusing),
    prepareAllMs: median(warming),
    typingMedianMs: median(typing),
    typingWorstMs: Math.max(...typing),
    deletingMedianMs: median(deleting),
    deletingWorstMs: Math.max(...deleting),
    budgetMs: BUDGET_MS,
    runs: { typing, deleting, focusing, warming },
  }
  writeFileSync(OUT, JSON.stringify(result, null, 2))
  const verdict = (value) => (value < BUDGET_MS ? 'within' : 'OVER')
  console.log(`search, ${PAPERS.toLocaleString('en-US')} papers${CPU > 1 ? `, CPU ×${CPU} slower` : ''}: focus holds the page ${ms(result.focusPrepareMs)}; every entry prepared (in slices) within ${ms(result.prepareAllMs)}`)
  console.log(`  typing "${QUERY}" → ${shown} row(s): keystroke → next paint median ${ms(result.typingMedianMs)}, worst ${ms(result.typingWorstMs)} (${verdict(result.typingWorstMs)} the ${BUDGET_MS} ms budget)`)
  console.log(`  deleting it again → ${PAPERS.toLocaleString('en-US')} papers: median ${ms(result.deletingMedianMs)}, worst ${ms(result.deletingWorstMs)} (${verdict(result.deletingWorstMs)} the budget)`)
} finally {
  await browser.close()
  await relay.stop()
  rmSync(path.dirname(backupFile), { recursive: true, force: true })
}
