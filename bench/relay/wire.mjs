/**
 * Fan-out latency at the wire: when each update reached the relay's socket and when the
 * relay's forwards of it left, from a packet capture on the loopback interface (`dumpcap`,
 * read back with `tshark`, which unmasks the clients' websocket frames). Unlike the latency
 * the clients measure, it does not include the time a forwarded frame waits in the load
 * driver's own event loop, which on a small machine is most of it, for every relay alike.
 *
 * A forward is matched to its update by content: a relay forwards an update as the same
 * sync-update message (`0x00 0x02 <length> <update>`) it received, and every timed edit
 * carries a unique send stamp, so each payload occurs once inbound.
 *
 * Needs `dumpcap` and `tshark` (Debian: `apt-get install tshark`) and the right to capture
 * on `lo` (root, or dumpcap's capabilities); without them the benchmark leaves these figures out.
 */
import { spawn, spawnSync } from 'node:child_process'
import { createInterface } from 'node:readline'
import { setTimeout as sleep } from 'node:timers/promises'

/** Why wire capture cannot run here, or null if it can. */
export function wireCaptureUnavailable() {
  for (const tool of ['dumpcap', 'tshark']) {
    const probe = spawnSync(tool, ['--version'], { stdio: 'ignore' })
    if (probe.error || probe.status !== 0) return `${tool} not found (apt-get install tshark)`
  }
  const lo = spawnSync('dumpcap', ['-D'], { encoding: 'utf8' })
  if (lo.status !== 0 || !/\blo\b/.test(lo.stdout)) return 'dumpcap cannot list the loopback interface (needs root or capture rights)'
  return null
}

/** Starts capturing the relay's TCP port on loopback into `file`; resolves once capturing. */
export async function startCapture(port, file) {
  // Niced, so the capture takes as little as it can from the relay and the driver it watches
  // (its kernel buffer of 64 MB holds the packets while it waits).
  const child = spawn('nice', ['-n', '10', 'dumpcap', '-q', '-i', 'lo', '-f', `tcp port ${port}`, '-B', '64', '-w', file], { stdio: ['ignore', 'ignore', 'pipe'] })
  let errors = ''
  child.stderr.on('data', (chunk) => (errors += chunk))
  const exited = new Promise((resolve) => child.once('exit', resolve))
  // dumpcap prints nothing when it starts with -q; give it a moment and check it is still up.
  await sleep(1000)
  if (child.exitCode !== null) throw new Error(`dumpcap failed: ${errors.trim()}`)
  return {
    /** Stops the capture and resolves when the file is complete. */
    async stop() {
      child.kill('SIGINT')
      await exited
    },
  }
}

/**
 * Relay latencies in ms (one per forward of a matched update) from a capture: updates that
 * reached `port` between `fromMs` and `toMs` (epoch ms), each matched with its forwards.
 */
export async function wireLatencies(file, port, fromMs, toMs) {
  const tshark = spawn('tshark', ['-r', file, '-Y', 'websocket.opcode == 2', '-T', 'fields', '-E', 'separator=/t', '-e', 'frame.time_epoch', '-e', 'tcp.srcport', '-e', 'tcp.dstport', '-e', 'data.data'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  })
  const arrived = new Map()
  const latencies = []
  const lines = createInterface({ input: tshark.stdout })
  for await (const line of lines) {
    const [time, src, dst, data] = line.split('\t')
    if (!data) continue
    const ms = Number(time) * 1000
    for (const payload of data.split(',')) {
      if (!payload.startsWith('0002')) continue
      if (Number(dst) === port) {
        if (ms >= fromMs && ms <= toMs && !arrived.has(payload)) arrived.set(payload, ms)
      } else if (Number(src) === port) {
        const inbound = arrived.get(payload)
        if (inbound !== undefined) latencies.push(ms - inbound)
      }
    }
  }
  await new Promise((resolve) => (tshark.exitCode !== null ? resolve() : tshark.once('exit', resolve)))
  return latencies
}
