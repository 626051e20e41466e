#!/usr/bin/env node
// Import benchmark: time to parse the sample copied papers page (median of many runs) and
// a generated 5,000-entry BibTeX file. Run with `node scripts/bench-io.mjs`.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { runnerImport } from 'vite'
import { generatedBibtex } from '../bench/shared/harness.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const { module: io } = await runnerImport(`${root}src/io/index.ts`, { root, configFile: false, logLevel: 'silent' })

function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

function time(label, run, runs) {
  for (let i = 0; i < Math.min(3, runs); i++) run()
  const samples = []
  let result
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    result = run()
    samples.push(performance.now() - start)
  }
  const sorted = [...samples].sort((a, b) => a - b)
  console.log(`${label}: median ${median(samples).toFixed(2)} ms, min ${sorted[0].toFixed(2)} ms, max ${sorted.at(-1).toFixed(2)} ms over ${runs} runs; ${result.papers.length} papers, ${result.skipped.length} skipped`)
  return result
}

const page = readFileSync(`${root}tests/fixtures/io/papers-page-sample.txt`, 'utf8')
const bib = generatedBibtex(5_000)
console.log(`node ${process.version}; sample page ${page.length} chars, BibTeX ${(bib.length / 1e6).toFixed(2)} MB`)
time('parse sample papers page (12 entries)', () => io.parsePapers(page), 500)
time('parse 5,000-entry BibTeX', () => io.parsePapers(bib), 7)
const start = performance.now()
let progressCalls = 0
await io.parsePapersBatched(bib, { batchSize: 200, onProgress: () => progressCalls++ })
console.log(`parse 5,000-entry BibTeX in batches of 200 (yielding between): ${(performance.now() - start).toFixed(0)} ms, ${progressCalls} progress reports`)
