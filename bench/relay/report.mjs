/**
 * Turns the medians into the side-by-side table: one row per figure, Shortlist and each
 * baseline, the ratio Shortlist / baseline, and the target with a pass mark.
 */

const KINDS = ['shortlist', 'baseline-memory', 'baseline-leveldb']
const HEADERS = { shortlist: 'Shortlist', 'baseline-memory': 'y-ws mem', 'baseline-leveldb': 'y-ws LevelDB' }

/** Figures reported per scenario: [field, label, unit, scale]. */
const FIGURES = {
  fanout: [
    ['p50Ms', 'fan-out p50', 'ms'],
    ['p99Ms', 'fan-out p99', 'ms'],
    ['maxMs', 'fan-out max', 'ms'],
    ['wireP50Ms', 'at the wire: relay in → out p50', 'ms'],
    ['wireP99Ms', 'at the wire: relay in → out p99', 'ms'],
    ['wireMaxMs', 'at the wire: relay in → out max', 'ms'],
    ['wireMatchedShare', 'at the wire: forwards matched', '%'],
    ['editsPerSecond', 'edits/s sent (all rooms)', '/s'],
    ['deliveriesPerSecond', 'deliveries/s', '/s'],
    ['deliveredShare', 'delivered', '%'],
    ['serverCpuSeconds', 'server CPU', 's'],
    ['serverCpuMsPer1000Deliveries', 'server CPU per 1,000 deliveries', 'ms'],
    ['driverCpuSeconds', 'driver CPU', 's'],
    ['otherCpuSeconds', 'other processes CPU', 's'],
    ['driverLoopDelayP99Ms', 'driver event-loop delay p99', 'ms'],
    ['reconnects', 'client reconnects', ''],
  ],
  idle: [['bytesPerConnection', 'memory per idle connection', 'KB', 1 / 1024]],
  sync: [
    ['coldSyncedMs', 'cold: time to `synced`', 'ms'],
    ['coldPapersAtSynced', 'cold: papers held at `synced`', ''],
    ['coldCompleteMs', 'cold: time to all 1,000 papers', 'ms'],
    ['warmSyncedMs', 'warm: time to `synced`', 'ms'],
    ['warmCompleteMs', 'warm: time to all 1,000 papers', 'ms'],
    ['storedBytes', 'room state (one update)', 'MB', 1 / 1048576],
    ['diskBytes', 'data on disk', 'MB', 1 / 1048576],
    ['roomRssBytes', 'server RSS for the loaded room', 'MB', 1 / 1048576],
    ['roomToStored', 'loaded room / stored size', '×'],
  ],
  kill: [
    ['forwarded', 'edits forwarded before kill', ''],
    ['survived', 'edits surviving restart', ''],
    ['lost', 'edits lost', ''],
  ],
}

function derived(scenario, values) {
  if (!values) return values
  const out = { ...values }
  if (scenario.startsWith('fanout')) out.deliveredShare = (100 * values.deliveries) / values.expectedDeliveries
  if (scenario === 'sync') out.roomToStored = values.roomRssBytes / values.storedBytes
  return out
}

/** Target checks on the medians: { figure, target, value, pass }. */
function targets(m) {
  const checks = []
  const s = (scenario, field) => m[scenario]?.shortlist?.[field]
  const b = (scenario, kind, field) => m[scenario]?.[kind]?.[field]
  const add = (figure, target, value, pass) => Number.isFinite(value) && checks.push({ figure, target, value, pass: Boolean(pass) })
  add('fan-out p99 at 8 edits/s/room, client to client', '< 10 ms', s('fanout8', 'p99Ms'), s('fanout8', 'p99Ms') < 10)
  add('fan-out p99 at 8 edits/s/room, at the wire (relay in → out)', '< 10 ms', s('fanout8', 'wireP99Ms'), s('fanout8', 'wireP99Ms') < 10)
  const cpuBase = b('fanout8', 'baseline-memory', 'serverCpuSeconds')
  if (cpuBase !== undefined) add('server CPU at 8 edits/s/room vs in-memory baseline', '≤ 1.2×', s('fanout8', 'serverCpuSeconds') / cpuBase, s('fanout8', 'serverCpuSeconds') <= 1.2 * cpuBase)
  add('memory per idle connection', '≤ 8 KB', s('idle', 'bytesPerConnection') / 1024, s('idle', 'bytesPerConnection') <= 8192)
  add('loaded room / stored size', '≤ 3×', s('sync', 'roomToStored'), s('sync', 'roomToStored') <= 3)
  const coldBase = b('sync', 'baseline-leveldb', 'coldCompleteMs')
  if (coldBase !== undefined) add('cold initial sync (all papers) vs LevelDB baseline', '≤ 1×', s('sync', 'coldCompleteMs') / coldBase, s('sync', 'coldCompleteMs') <= coldBase)
  const warmBases = ['baseline-memory', 'baseline-leveldb'].map((k) => b('sync', k, 'warmCompleteMs')).filter((v) => v !== undefined)
  if (warmBases.length) {
    const best = Math.min(...warmBases)
    add('warm initial sync (all papers) vs faster baseline', '≤ 1×', s('sync', 'warmCompleteMs') / best, s('sync', 'warmCompleteMs') <= best)
  }
  add('edits lost to SIGKILL', '0', s('kill', 'lost'), s('kill', 'lost') === 0)
  return checks
}

/** Rows of the side-by-side table plus the target checks, from the medians. */
export function buildSummary(medians) {
  const rows = []
  for (const [scenario, byKind] of Object.entries(medians)) {
    const family = scenario.startsWith('fanout') ? 'fanout' : scenario
    const withDerived = Object.fromEntries(Object.entries(byKind).map(([k, v]) => [k, derived(scenario, v)]))
    medians[scenario] = withDerived
    for (const [field, label, unit, scale = 1] of FIGURES[family]) {
      const row = { scenario, figure: scenario.startsWith('fanout') ? `${label} @ ${scenario.slice(6)}/s/room` : label, unit }
      for (const kind of KINDS) {
        const value = withDerived[kind]?.[field]
        if (value !== undefined) row[kind] = value * scale
      }
      for (const kind of KINDS.slice(1)) {
        if (row.shortlist !== undefined && row[kind] !== undefined && row[kind] !== 0) row[`ratio_${kind}`] = row.shortlist / row[kind]
      }
      rows.push(row)
    }
  }
  return { rows, targets: targets(medians) }
}

const fmt = (v) => {
  if (v === undefined || Number.isNaN(v)) return '—'
  if (!Number.isFinite(v)) return String(v)
  const a = Math.abs(v)
  if (a >= 1000) return Math.round(v).toLocaleString('en-US')
  if (a >= 100) return v.toFixed(0)
  if (a >= 10) return v.toFixed(1)
  return v.toFixed(2)
}
const ratio = (v) => (v === undefined || !Number.isFinite(v) ? '—' : `${v.toFixed(2)}×`)

/** Prints the table, the target checks and the notes. */
export function printReport({ summary, runs, quick, params, environment, notes }) {
  const cols = ['figure', 'unit', ...KINDS.flatMap((k) => (k === 'shortlist' ? [k] : [k, `ratio_${k}`]))]
  const head = { figure: 'figure', unit: 'unit', shortlist: HEADERS.shortlist, 'baseline-memory': HEADERS['baseline-memory'], 'ratio_baseline-memory': 'S/mem', 'baseline-leveldb': HEADERS['baseline-leveldb'], 'ratio_baseline-leveldb': 'S/LDB' }
  const cells = summary.rows.map((row) => Object.fromEntries(cols.map((c) => [c, c === 'figure' || c === 'unit' ? row[c] : c.startsWith('ratio_') ? ratio(row[c]) : fmt(row[c])])))
  const width = Object.fromEntries(cols.map((c) => [c, Math.max(head[c].length, ...cells.map((r) => String(r[c]).length))]))
  const line = (r) => cols.map((c, i) => (i < 2 ? String(r[c]).padEnd(width[c]) : String(r[c]).padStart(width[c]))).join('  ')
  console.log(`\nRelay benchmark — median of ${runs} run(s)${quick ? ' (quick: shortened load)' : ''}; ${params.fanout.rooms} rooms × ${params.fanout.clientsPerRoom} clients, ${params.fanout.durationMs / 1000} s of load per rate`)
  console.log(`Machine: ${environment.cpus} cores, Node ${environment.node}, load average before ${environment.loadAverageBefore.map((l) => l.toFixed(2)).join(' ')}. The driver and the relay compete for these cores; latencies include the driver's own queueing.`)
  console.log('')
  console.log(line(head))
  console.log(cols.map((c) => '-'.repeat(width[c])).join('  '))
  let last = ''
  for (let i = 0; i < cells.length; i++) {
    if (summary.rows[i].scenario !== last && last) console.log('')
    last = summary.rows[i].scenario
    console.log(line(cells[i]))
  }
  if (summary.targets.length) {
    console.log('\nTargets (Shortlist):')
    for (const t of summary.targets) console.log(`  ${t.pass ? 'PASS' : 'MISS'}  ${t.figure}: ${fmt(t.value)} (target ${t.target})`)
  }
  console.log('\nNotes:')
  console.log('  - The in-memory baseline keeps nothing on disk: its "cold" initial sync is measured after a client re-uploaded the room to the restarted relay (the room is then in memory), and it loses every edit to SIGKILL by design.')
  console.log('  - `synced` is the y-websocket provider event; "all papers" waits until the client holds the whole room (a relay that answers before loading the room reports `synced` early).')
  console.log('  - Server memory is RSS from /proc after a forced full GC (same --expose-gc hook in every relay).')
  for (const note of notes) console.log(`  - ${note}`)
}
