#!/usr/bin/env node
/**
 * What the app's start bundle holds: builds the app (vite, the project's config) into a
 * temporary folder, follows the page's first script's static imports (what runs before the
 * first rows) and the app entry's (`src/main.tsx`, imported by the first script once it has
 * painted: the whole start), and prints each start chunk's gzip size, both totals, and the
 * start code grouped by package or source folder, then the largest modules
 * (each module's rendered code gzipped on its own, so the parts add up to a little more than the
 * chunks). Options: `--top N` modules (default 40).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { build } from 'vite'
import { option, reachableFrom, root } from '../shared/harness.mjs'

const TOP = Number(option('top', 40))
const outDir = mkdtempSync(path.join(tmpdir(), 'shortlist-bundle-'))
const chunks = {}
try {
  await build({
    root,
    logLevel: 'error',
    build: { outDir, emptyOutDir: true },
    plugins: [{ name: 'collect-chunks', generateBundle(_, bundle) { for (const [file, chunk] of Object.entries(bundle)) if (chunk.type === 'chunk') chunks[file] = chunk } }],
  })
} finally {
  rmSync(outDir, { recursive: true, force: true })
}
const closure = (files) => reachableFrom(files, (file) => chunks[file]?.imports ?? [])
const entryOf = (test) => Object.values(chunks).find((chunk) => chunk.isEntry && test(chunk.facadeModuleId ?? ''))
const first = closure([entryOf((id) => id.endsWith('index.html')).fileName])
const app = entryOf((id) => id.endsWith(path.join('src', 'main.tsx')))
const start = closure([...first, ...(app ? [app.fileName] : [])])
const kb = (bytes) => (bytes / 1024).toFixed(1).padStart(6)
const modules = []
let total = 0
let firstTotal = 0
for (const file of start) {
  const size = gzipSync(chunks[file].code).length
  total += size
  if (first.has(file)) firstTotal += size
  console.log(`${kb(size)} KB  ${file}${first.has(file) ? '  (runs before the first rows)' : ''}`)
  for (const [id, module] of Object.entries(chunks[file].modules)) {
    const name = id.includes('node_modules/') ? id.slice(id.lastIndexOf('node_modules/') + 13) : path.relative(root, id)
    modules.push({ name, gzip: module.code ? gzipSync(module.code).length : 0 })
  }
}
console.log(`${kb(firstTotal)} KB  before the first rows (gzip)`)
console.log(`${kb(total)} KB  whole start total (gzip)\n\nby package or folder:`)
const groupOf = (name) => {
  const parts = name.split('/')
  if (!name.startsWith('src/')) return parts.slice(0, name.startsWith('@') ? 2 : 1).join('/')
  return parts.length > 3 ? parts.slice(0, 3).join('/') : parts.slice(0, 2).join('/')
}
const groups = new Map()
for (const module of modules) groups.set(groupOf(module.name), (groups.get(groupOf(module.name)) ?? 0) + module.gzip)
for (const [group, size] of [...groups].sort((a, b) => b[1] - a[1])) console.log(`${kb(size)} KB  ${group}`)
console.log('\nlargest modules:')
for (const module of modules.sort((a, b) => b.gzip - a.gzip).slice(0, TOP)) console.log(`${kb(module.gzip)} KB  ${module.name}`)
