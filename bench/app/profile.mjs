#!/usr/bin/env node
/**
 * Where the time goes: restores a generated list of N papers (default 10,000), then reloads
 * it offline under the CPU profiler and prints the functions with the most self time and
 * the heaviest call paths, the cold start figure, and the same for one vote: the click to
 * the paint after it, then the vote and the second after it (work deferred past the paint).
 * Options: `--papers N`, `--device phone|desktop` (the bench's device profiles; default desktop), `--top N`, `--wait ms` (from the first rows to the vote, default 1000), `--votes N` (votes timed after it, default 4), `--out file.cpuprofile` (the load profile, for DevTools),
 * `--callers name,name` (the heaviest call paths into those functions), `--static dir` (an unminified build, e.g. `npx vite build --minify false --outDir dist-profile`).
 * Needs `npm run build` first, like `run.mjs`.
 */
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { DEVICE_PROFILES, generatedBackup, openBrowser, option, prepareOfflineList, startRelay, throttle, voteToPaint } from '../shared/harness.mjs'

const COUNT = Number(option('papers', 10_000))
const TOP = Number(option('top', 25))
const OUT = option('out', null)
const STATIC = option('static', 'dist')
const CALLERS = option('callers', '').split(',').filter(Boolean)
const DEVICE = DEVICE_PROFILES[option('device', 'desktop')]
/** How long after the first rows the vote is tapped (ms); the app bench taps after 1 s. */
const WAIT_MS = Number(option('wait', 1_000))
/** Votes timed after the profiled one, a second apart. */
const MORE_VOTES = Number(option('votes', 4))

/** Self time and inclusive time per function (by name and location) from a V8 CPU profile. */
function summarise(profile) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  const parent = new Map()
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id)
  const dt = new Map()
  for (let i = 0; i < profile.samples.length; i++) dt.set(profile.samples[i], (dt.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0))
  const label = (node) => {
    const f = node.callFrame
    return `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}:${f.columnNumber + 1}`
  }
  const self = new Map()
  const total = new Map()
  for (const [id, micros] of dt) {
    const node = byId.get(id)
    self.set(label(node), (self.get(label(node)) ?? 0) + micros)
    const seen = new Set()
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const name = label(byId.get(at))
      if (seen.has(name)) continue
      seen.add(name)
      total.set(name, (total.get(name) ?? 0) + micros)
    }
  }
  const stacks = new Map()
  for (const [id, micros] of dt) {
    const names = []
    for (let at = id; at !== undefined; at = parent.get(at)) names.push(byId.get(at).callFrame.functionName || '(anon)')
    const hit = names.findIndex((name) => CALLERS.includes(name))
    if (hit < 0) continue
    const key = names.slice(hit, hit + 12).join(' < ')
    stacks.set(key, (stacks.get(key) ?? 0) + micros)
  }
  const show = (map) => [...map].sort((a, b) => b[1] - a[1]).slice(0, TOP).map(([name, micros]) => `  ${(micros / 1000).toFixed(1).padStart(8)} ms  ${name}`).join('\n')
  const callers = stacks.size ? `\ncallers:\n${show(stacks)}` : ''
  return `self:\n${show(self)}\ninclusive:\n${show(total)}${callers}`
}

/** The page's layout, style and script counters (CDP `Performance.getMetrics`; durations in seconds). */
async function renderMetrics(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics')
  const names = ['TaskDuration', 'ScriptDuration', 'RecalcStyleDuration', 'LayoutDuration', 'RecalcStyleCount', 'LayoutCount']
  return Object.fromEntries(names.map((name) => [name, metrics.find((metric) => metric.name === name)?.value ?? 0]))
}

const relay = await startRelay({ staticDir: STATIC })
const browser = await openBrowser(DEVICE.context)
const { context, page } = browser
try {
  const backupFile = path.join(browser.profile, 'backup.json')
  writeFileSync(backupFile, await generatedBackup(COUNT))
  const listUrl = await prepareOfflineList(page, context, { relayUrl: relay.url, backupFile, count: COUNT, settleMs: 1_500 })
  // one warm-up load, then the profiled one
  await page.goto(listUrl)
  await page.waitForFunction(() => window.__firstListPaint !== undefined, null, { timeout: 60_000 })
  const cdp = await throttle(context, page, DEVICE)
  await cdp.send('Profiler.enable')
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 })
  await cdp.send('Profiler.start')
  await page.goto(listUrl)
  await page.waitForFunction(() => window.__firstListPaint !== undefined, null, { timeout: 60_000 })
  const { profile } = await cdp.send('Profiler.stop')
  const paint = await page.evaluate(() => window.__firstListPaint)
  const marks = await page.evaluate(() => performance.getEntriesByType('mark').map((m) => `${m.name} ${m.startTime.toFixed(1)}`))
  console.log(`cold start, ${COUNT} papers: first list paint ${paint.toFixed(1)} ms`)
  if (marks.length) console.log(`marks: ${marks.join(', ')}`)
  const timing = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0]
    const resources = performance.getEntriesByType('resource').map((r) => `${r.name.split('/').pop()} ${r.startTime.toFixed(0)}→${r.responseEnd.toFixed(0)}`)
    return `navigation: response ${nav.responseEnd.toFixed(0)} ms, DOMContentLoaded ${nav.domContentLoadedEventEnd.toFixed(0)} ms; ${resources.join(', ')}`
  })
  console.log(timing)
  console.log(summarise(profile))
  if (OUT) writeFileSync(OUT, JSON.stringify(profile))
  await page.waitForTimeout(WAIT_MS)
  // the vote's own window, from the click to the paint after it (`console.profile` in the page)
  const finished = new Promise((resolve) => cdp.once('Profiler.consoleProfileFinished', (event) => resolve(event.profile)))
  await cdp.send('Performance.enable')
  const metricsBefore = await renderMetrics(cdp)
  await cdp.send('Profiler.start')
  const vote = await page.evaluate(async () => {
    const button = document.querySelector('article.paper-row button.vote')
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)))
    console.profile('vote')
    const start = performance.now()
    button.click()
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)))
    const took = performance.now() - start
    console.profileEnd('vote')
    return took
  })
  const votePaint = await finished
  const metricsAfter = await renderMetrics(cdp)
  // what follows the vote in the next second (deferred work: counts, club, activity, cached view)
  await page.waitForTimeout(1_000)
  const { profile: afterVote } = await cdp.send('Profiler.stop')
  console.log(`\na vote → next paint: ${vote.toFixed(1)} ms (profile of the click to the paint)`)
  console.log(`the page's own counters over the vote: ${Object.keys(metricsAfter).map((name) => `${name} ${name.endsWith('Count') ? metricsAfter[name] - metricsBefore[name] : `${((metricsAfter[name] - metricsBefore[name]) * 1000).toFixed(1)} ms`}`).join(', ')}`)
  console.log(`elements in the page: ${await page.evaluate(() => document.getElementsByTagName('*').length)}`)
  console.log(summarise(votePaint))
  console.log(`\nthe vote and the second after it:`)
  console.log(summarise(afterVote))
  // more votes, a second apart, unprofiled: the first may meet start-up work, these show a vote alone
  const more = []
  for (let i = 0; i < MORE_VOTES; i++) {
    await page.waitForTimeout(1_000)
    more.push(await voteToPaint(page))
  }
  if (more.length) console.log(`\n${more.length} more votes on the top row, a second apart, unprofiled: ${more.map((took) => `${took.toFixed(1)} ms`).join(', ')}`)
  await cdp.send('HeapProfiler.collectGarbage')
  console.log(`\nheap after load and one vote: ${((await cdp.send('Runtime.getHeapUsage')).usedSize / 1_048_576).toFixed(1)} MB`)
} finally {
  await browser.close()
  await relay.stop()
}
