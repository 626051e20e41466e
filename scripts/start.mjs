#!/usr/bin/env node
/**
 * `npm start`: builds only when the inputs changed since the last build (or nothing is
 * built yet), then runs the relay, which serves the app. `--stamp` only records the current
 * inputs as built (the last step of `npm run build`).
 */
import { spawn, spawnSync } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { inputsHash, staleReason, writeStamp } from './buildStamp.mjs'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'

if (process.argv.includes('--stamp')) {
  writeStamp(root)
  process.exit(0)
}

const before = inputsHash(root)
const reason = staleReason(root, before)
if (reason) {
  console.log(`Building (${reason}) …`)
  const built = spawnSync(npm, ['run', 'build'], { cwd: root, stdio: 'inherit' })
  if (built.status !== 0) process.exit(built.status ?? 1)
} else {
  console.log('The build is up to date; starting the relay.')
}

const relay = spawn(process.execPath, ['--max-semi-space-size=2', 'build/server/main.js', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' })
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => relay.kill(signal))
relay.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
