#!/usr/bin/env node
/**
 * Summarises the `.cpuprofile` files in a folder (written with `SHORTLIST_BENCH_CPU_PROF`):
 * top functions by self time and top call paths by total time, over all profiles together.
 * If the folder holds `window.json` (`{ startUs, endUs }` on the monotonic clock, written by
 * the cluster benchmark around its load), only samples inside it count. Idle and time spent
 * blocked in `Atomics.wait` are wall time, not CPU: they are listed, and left out of the
 * "busy" total.
 *
 *   node bench/relay/profile.mjs <folder> [--top 20] [--threads main|workers]
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'

const [folder, ...rest] = process.argv.slice(2)
if (!folder) {
  console.error('usage: node bench/relay/profile.mjs <folder> [--top N]')
  process.exit(2)
}
const top = Number(rest[rest.indexOf('--top') + 1]) || 20
// Node names profiles CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile; thread 0 is the main thread
const threads = rest.includes('--threads') ? rest[rest.indexOf('--threads') + 1] : 'all'
const wanted = (name) => {
  const thread = name.split('.')[4]
  return threads === 'all' || (threads === 'main') === (thread === '0')
}

const self = new Map()
const total = new Map()
let allMicros = 0
const windowFile = path.join(folder, 'window.json')
const window = existsSync(windowFile) ? JSON.parse(readFileSync(windowFile, 'utf8')) : { startUs: -Infinity, endUs: Infinity }
const shortUrl = (url) => (url ? url.replace(/^file:\/\//, '').replace(/.*node_modules\//, 'nm/').replace(/.*\/build\//, '') : '')
const label = (frame) => `${frame.functionName || '(anon)'} ${shortUrl(frame.url)}:${frame.lineNumber + 1}`

for (const file of readdirSync(folder).filter((name) => name.endsWith('.cpuprofile') && wanted(name))) {
  const profile = JSON.parse(readFileSync(path.join(folder, file), 'utf8'))
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  const parent = new Map()
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id)
  // time per sample: the gap to the next one
  const micros = new Map()
  let at = profile.startTime
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i]
    const dt = profile.timeDeltas[i + 1] ?? 0
    if (at < window.startUs || at > window.endUs) continue
    micros.set(profile.samples[i], (micros.get(profile.samples[i]) ?? 0) + dt)
  }
  for (const [id, us] of micros) {
    const node = byId.get(id)
    allMicros += us
    const name = label(node.callFrame)
    self.set(name, (self.get(name) ?? 0) + us)
    // total: each distinct frame on the stack once
    const seen = new Set()
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const frame = label(byId.get(at).callFrame)
      if (seen.has(frame)) continue
      seen.add(frame)
      total.set(frame, (total.get(frame) ?? 0) + us)
    }
  }
}

const print = (title, map) => {
  console.log(`\n${title}`)
  for (const [name, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${(us / 1000).toFixed(0).padStart(8)} ms ${((100 * us) / allMicros).toFixed(1).padStart(5)} %  ${name}`)
  }
}
const waiting = [...self].filter(([name]) => name.startsWith('(idle)') || name.startsWith('call ') && name.includes('syncBridge')).reduce((sum, [, us]) => sum + us, 0)
console.log(`profiled ${(allMicros / 1000).toFixed(0)} ms of wall time, ${((allMicros - waiting) / 1000).toFixed(0)} ms busy (idle and bridge waits left out)`)
print('Self time', self)
print('Total time (inclusive)', total)
