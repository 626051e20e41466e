/**
 * Reads a process's CPU time and resident memory from /proc, from outside the process, so
 * that Shortlist's relay and the baseline are measured the same way.
 */
import { readFileSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'

const TICKS_PER_SECOND = 100

/** CPU seconds (user + system) the process has used so far. */
export function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  // fields[0] is field 3 (state); utime is field 14, stime field 15.
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND
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
