/**
 * Tools for the attack regression tests (frames are in `attacks.ts`): the relay process's
 * resident memory, and how long `/healthz` takes to answer.
 */
import { readFileSync } from 'node:fs'
import { request } from 'node:http'

/** A JSON array nested `depth` deep: `[[[…]]]`. */
export const nestedJson = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth)

/** A memory field of a process in bytes (Linux `/proc/<pid>/status`: `VmRSS` now, `VmHWM` its peak). */
function statusBytes(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  if (!match) throw new Error(`no ${field} for ${pid}`)
  return Number(match[1]) * 1024
}

/** Resident memory of a process in bytes. */
export const rssBytes = (pid: number): number => statusBytes(pid, 'VmRSS')

/** The most resident memory a process has had, in bytes. */
export const peakRssBytes = (pid: number): number => statusBytes(pid, 'VmHWM')

/** GETs `/healthz` on a fresh socket (optionally from a given local address); resolves with status and milliseconds. */
export function timeHealthz(relayUrl: string, localAddress?: string, timeoutMs = 5000): Promise<{ status: number; ms: number }> {
  const started = performance.now()
  return new Promise((resolve, reject) => {
    const req = request(`${relayUrl}/healthz`, { agent: false, localAddress, timeout: timeoutMs }, (res) => {
      res.resume()
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }))
    })
    req.on('timeout', () => req.destroy(new Error(`no answer from /healthz within ${timeoutMs} ms`)))
    req.on('error', reject)
    req.end()
  })
}

/** Samples `sample()` every `everyMs` while `during` runs; resolves with the largest sample. */
export async function peakWhile(sample: () => number, during: Promise<unknown>, everyMs = 25): Promise<number> {
  let peak = sample()
  let done = false
  void during.finally(() => (done = true))
  while (!done) {
    peak = Math.max(peak, sample())
    await new Promise((resolve) => setTimeout(resolve, everyMs))
  }
  return Math.max(peak, sample())
}
