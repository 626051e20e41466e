/**
 * Whether the built app and relay match their inputs: a SHA-256 over every input file
 * (path and bytes) is written next to the build when it succeeds, and compared on start.
 * Inputs are the sources, the public files, the page and every config and lock file that
 * changes what the build makes.
 */
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync, mkdirSync } from 'node:fs'
import path from 'node:path'

/** Folders and files whose contents decide what `npm run build` makes. */
export const BUILD_INPUTS = ['src', 'server', 'public', 'index.html', 'vite.config.ts', 'tsconfig.json', 'tsconfig.server.json', 'package.json', 'package-lock.json']

/** What the build makes; a missing one means the build must run. */
export const BUILD_OUTPUTS = ['dist/index.html', 'build/server/main.js']

/** Where the last successful build leaves the hash of its inputs. */
export const STAMP_FILE = 'build/.inputs.sha256'

/** Every input file under `root`, as sorted relative paths (a bound: the project's own tree, symlinked folders are not followed). */
export function inputFiles(root, inputs = BUILD_INPUTS) {
  const files = []
  const walk = (relative) => {
    const full = path.join(root, relative)
    if (!existsSync(full)) return
    const stat = statSync(full)
    if (stat.isDirectory()) {
      for (const name of readdirSync(full).sort()) walk(path.join(relative, name))
    } else if (stat.isFile()) {
      files.push(relative.split(path.sep).join('/'))
    }
  }
  for (const input of inputs) walk(input)
  return files.sort()
}

/** The SHA-256 (hex) over each input file's path and bytes. */
export function inputsHash(root, inputs = BUILD_INPUTS) {
  const hash = createHash('sha256')
  for (const file of inputFiles(root, inputs)) {
    const bytes = readFileSync(path.join(root, file))
    hash.update(`${file}\0${bytes.length}\0`)
    hash.update(bytes)
  }
  return hash.digest('hex')
}

/**
 * Why the build must run, or null when the outputs are there and the stamp matches `hash`
 * (a fresh clone has neither outputs nor stamp, so it always builds).
 */
export function staleReason(root, hash = inputsHash(root)) {
  const missing = BUILD_OUTPUTS.find((file) => !existsSync(path.join(root, file)))
  if (missing) return `${missing} is missing`
  const stampPath = path.join(root, STAMP_FILE)
  if (!existsSync(stampPath)) return 'no build stamp'
  return readFileSync(stampPath, 'utf8').trim() === hash ? null : 'inputs changed since the last build'
}

/** Records `hash` as the inputs of the build that just succeeded. */
export function writeStamp(root, hash = inputsHash(root)) {
  mkdirSync(path.dirname(path.join(root, STAMP_FILE)), { recursive: true })
  writeFileSync(path.join(root, STAMP_FILE), `${hash}\n`)
}
