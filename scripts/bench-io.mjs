#!/usr/bin/env node
// Import benchmark: time to parse the sample copied papers page (median of many runs) and
// a generated 5,000-entry BibTeX file. Run with `node scripts/bench-io.mjs`.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { runnerImport } from 'vite'

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

function generatedBibtex(count) {
  const entries = []
  for (let i = 0; i < count; i++) {
    const id = `${String(15 + (i % 10)).padStart(2, '0')}${String(1 + (i % 12)).padStart(2, '0')}.${String(10000 + i).padStart(5, '0')}`
    entries.push(`@article{paper${i},
  title     = {On {M}{\\"u}ller's Method for Problem ${i}: A {LaTeX} Study of {$\\alpha$}-Divergence},
  author    = {M{\\"u}ller, J{\\"o}rg and van der Berg, Jan and Smith, John and Doe, Jane},
  journal   = {Journal of Benchmarks},
  year      = {${2015 + (i % 10)}},
  month     = ${['jan', 'feb', 'mar', 'apr'][i % 4]},
  doi       = {10.1000/bench.${i}},
  eprint    = {${id}},
  archivePrefix = {arXiv},
  keywords  = {benchmarks, parsing},
  abstract  = {We study problem ${i} with care and show that it can be solved quickly. Our method improves on prior work by a wide margin, and the code is public.}
}
`)
  }
  return entries.join('\n')
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
