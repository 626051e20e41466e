#!/usr/bin/env node
// The one test command: typecheck, unit and relay tests, build, end-to-end in headless Chromium,
// then the relay cluster on PostgreSQL + Redis (services started here, stopped at the end).
// Ends with a single line "N passed, N failed" and exits non-zero if anything failed.
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, existsSync, rmSync } from 'node:fs'
import { missingServices, startServices } from './services.mjs'

const started = Date.now()
let passed = 0
let failed = 0

/** Variables every step gets: the services' URLs once they run. */
const serviceEnv = {}

function run(label, command, args) {
  console.log(`\n── ${label}: ${command} ${args.join(' ')}`)
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...serviceEnv, FORCE_COLOR: '0' } })
  return result.status === 0
}

function countReport(file, label) {
  if (!existsSync(file)) {
    console.log(`${label}: no report written`)
    failed += 1
    return
  }
  const report = JSON.parse(readFileSync(file, 'utf8'))
  passed += report.numPassedTests
  failed += report.numFailedTests + (report.numTotalTests === 0 ? 1 : 0)
}

mkdirSync('reports', { recursive: true })
for (const file of ['reports/unit.json', 'reports/e2e.json', 'reports/cluster.json']) rmSync(file, { force: true })

// PostgreSQL and Redis for the storage contract and cluster tests: missing ones are a failure, never a skip
let services = null
const missing = missingServices()
if (missing) {
  console.log(`\n── services: ${missing}`)
  failed += 1
} else {
  console.log('\n── services: starting PostgreSQL and Redis on loopback ports')
  services = await startServices()
  serviceEnv.SHORTLIST_TEST_DATABASE_URL = services.databaseUrl
  serviceEnv.SHORTLIST_TEST_REDIS_URL = services.redisUrl
}

if (run('typecheck', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']) && run('typecheck server', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.server.json'])) passed += 1
else failed += 1

run('unit, relay and component tests', 'npx', ['vitest', 'run', '--project', 'node', '--project', 'dom', '--reporter=default', '--reporter=json', '--outputFile.json=reports/unit.json'])
countReport('reports/unit.json', 'unit')

if (run('build', 'npm', ['run', 'build', '--silent'])) {
  passed += 1
  run('end-to-end (headless Chromium)', 'npx', ['vitest', 'run', '--project', 'e2e', '--reporter=default', '--reporter=json', '--outputFile.json=reports/e2e.json'])
  countReport('reports/e2e.json', 'e2e')
} else {
  failed += 1
}

if (services) {
  // the cluster's fault tests start their own services (they stop and restart them)
  run('relay cluster (PostgreSQL + Redis, three relay processes)', 'npx', ['vitest', 'run', '--project', 'cluster', '--reporter=default', '--reporter=json', '--outputFile.json=reports/cluster.json'])
  countReport('reports/cluster.json', 'cluster')
  await services.stop()
}

console.log(`\nnpm test took ${((Date.now() - started) / 1000).toFixed(1)} s`)
console.log(`${passed} passed, ${failed} failed`)
process.exit(failed ? 1 : 0)
