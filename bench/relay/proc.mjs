/**
 * Reads a process's CPU time and resident memory from /proc, from outside the process, so
 * that Shortlist's relay and the baseline are measured the same way.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'

const TICKS_PER_SECOND = 100

/** CPU seconds (user + system) the process has used so far. */
export function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  // fields[0] is field 3 (state); utime is field 14, stime field 15.
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND
}

/**
 * CPU seconds per thread of a process so far, user and system apart, keyed by the thread's
 * name and its place among the process's threads (`main`; `node #1`... for V8's helper
 * threads, which come first, then worker threads; `libuv-worker` for the thread pool), for
 * a breakdown of where a relay spends.
 */
export function threadCpuSeconds(pid) {
  const out = {}
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8')
      const name = tid === String(pid) ? 'main' : `${stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))} #${Number(tid) - Number(pid)}`
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      const entry = (out[name] ??= { user: 0, system: 0 })
      entry.user += Number(fields[11]) / TICKS_PER_SECOND
      entry.system += Number(fields[12]) / TICKS_PER_SECOND
    } catch {
      // the thread ended meanwhile
    }
  }
  return out
}

/** Resident set size of the process in bytes (VmRSS). */
export function rssBytes(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const match = /VmRSS:\s+(\d+)\s+kB/.exec(status)
  if (!match) throw new Error(`no VmRSS for pid ${pid}`)
  return Number(match[1]) * 1024
}

/**
 * RSS after the relay has collected its garbage: asks the preloaded hook for a full GC
 * (SIGUSR2), waits for it to settle, and takes the lower of two readings.
 */
export async function settledRss(pid) {
  let best = Infinity
  for (let round = 0; round < 2; round++) {
    process.kill(pid, 'SIGUSR2')
    await sleep(400)
    best = Math.min(best, rssBytes(pid))
  }
  return best
}

/** CPU seconds all processes on the machine have used so far (busy time from /proc/stat). */
export function machineBusySeconds() {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]
  const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number)
  return (user + nice + system + irq + softirq + steal) / TICKS_PER_SECOND
}
