#!/usr/bin/env node
/**
 * Two builds side by side: the offline cold start to the first list paint and a vote to the
 * next paint, alternating between build A and build B reload by reload, so background load
 * on a shared machine hits both alike. Each build is served by its own relay and opened in
 * its own browser profile, restored from the same generated backup.
 * Options: `--a dir` (default `dist`), `--b dir` (required), `--papers N` (default 1,000),
 * `--runs N` reloads per build (default 9), `--votes N` votes per reload (default 4),
 * `--device phone|desktop` (the bench's device profiles; default desktop).
 * Prints the median and the quartiles per build and figure.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { DEVICE_PROFILES, generatedBackup, median, openBrowser, option, prepareOfflineList, startRelay, throttle } from '../shared/harness.mjs'

const BUILDS = { A: option('a', 'dist'), B: option('b', null) }
const COUNT = Number(option('papers', 1_000))
const RUNS = Number(option('runs', 9))
const VOTES = Number(option('votes', 4))
const DEVICE = DEVICE_PROFILES[option('device', 'desktop')]
if (!BUILDS.B) {
  console.error('usage: node bench/app/ab.mjs --b other-build-dir [--a dist] [--papers N] [--runs N] [--votes N]')
  process.exit(2)
}

/** A relay serving `staticDir` and a browser holding the generated list, offline, with the paint mark installed. */
async function open(staticDir, backupFile) {
  const relay = await startRelay({ staticDir })
  const browser = await openBrowser(DEVICE.context)
  const { page, context } = browser
  const listUrl = await prepareOfflineList(page, context, { relayUrl: relay.url, backupFile, count: COUNT })
  await throttle(context, page, DEVICE)
  return {
    async run() {
      await page.goto(listUrl)
      await page.waitForFunction(() => window.__firstListPaint !== undefined, null, { timeout: 60_000 })
      const start = await page.evaluate(() => window.__firstListPaint)
      // let the work queued after the first paint settle, as a person would before voting
      await page.waitForTimeout(1_500)
      const votes = await page.evaluate(async (count) => {
        const paint = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)))
        const times = []
        for (let i = 0; i < count; i++) {
          const button = document.querySelector('article.paper-row button.vote')
          await paint()
          const at = performance.now()
          button.click()
          await paint()
          times.push(performance.now() - at)
          await new Promise((resolve) => setTimeout(resolve, 300))
        }
        return times
      }, VOTES)
      return { start, votes }
    },
    async close() {
      await browser.close()
      await relay.stop?.()
    },
  }
}

const backupDir = mkdtempSync(path.join(tmpdir(), 'shortlist-ab-backup-'))
const backupFile = path.join(backupDir, 'backup.json')
writeFileSync(backupFile, await generatedBackup(COUNT))
const opened = {}
try {
  for (const name of Object.keys(BUILDS)) opened[name] = await open(BUILDS[name], backupFile)
  const figures = { A: { starts: [], votes: [] }, B: { starts: [], votes: [] } }
  for (let run = 0; run < RUNS; run++) {
    const order = run % 2 ? ['B', 'A'] : ['A', 'B']
    for (const name of order) {
      const { start, votes } = await opened[name].run()
      figures[name].starts.push(start)
      figures[name].votes.push(...votes)
    }
  }
  const quartiles = (values) => {
    const sorted = [...values].sort((a, b) => a - b)
    const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]
    return `median ${median(values).toFixed(1)} ms (quartiles ${at(0.25).toFixed(1)}–${at(0.75).toFixed(1)}, n ${values.length})`
  }
  for (const name of Object.keys(BUILDS)) {
    console.log(`${name} ${BUILDS[name]}: cold start → first list paint ${quartiles(figures[name].starts)}; a vote → next paint ${quartiles(figures[name].votes)}`)
  }
} finally {
  for (const build of Object.values(opened)) await build.close()
  rmSync(backupDir, { recursive: true, force: true })
}
