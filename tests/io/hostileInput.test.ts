import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import { parsePapers, MAX_INPUT_CHARS } from '../../src/io/index.js'
import { addPaper } from '../../src/doc/ops.js'
import { paperIdFor } from '../../src/doc/ids.js'

/** Seeded pseudo-random text (a 64 KB random block repeated), so a failure reproduces. */
function junk(length: number, alphabet: string, seed = 1): string {
  let state = seed
  let block = ''
  for (let i = 0; i < 65_536; i++) {
    state = (state * 1103515245 + 12345) & 0x7fffffff
    block += alphabet[state % alphabet.length]!
  }
  return block.repeat(Math.ceil(length / block.length)).slice(0, length)
}

const timed = <T>(run: () => T): { result: T; ms: number } => {
  const start = performance.now()
  const result = run()
  return { result, ms: performance.now() - start }
}

/** Generous bound: these inputs take well under a second here; a regression to quadratic time takes minutes. */
const BOUND_MS = 8_000

describe('huge or hostile input stays fast and never throws', () => {
  test('5 MB of junk with braces, @, digits, dots, slashes and newlines', () => {
    const text = junk(5_000_000, 'ab c{}@\n.0123456789/:-%\\"=,()[]htps')
    const { result, ms } = timed(() => parsePapers(text))
    expect(ms).toBeLessThan(BOUND_MS)
    expect(Array.isArray(result.papers)).toBe(true)
  })
  test('deeply nested braces in a BibTeX entry are refused, the next entry still parses', () => {
    const text = `@misc{deep, title = ${'{'.repeat(100_000)}x${'}'.repeat(100_000)}}\n@misc{ok, title = {Fine}}`
    const { result, ms } = timed(() => parsePapers(text))
    expect(ms).toBeLessThan(BOUND_MS)
    expect(result.papers).toEqual([{ title: 'Fine' }])
    expect(result.skipped[0]).toMatchObject({ line: 1, reason: expect.stringMatching(/too long/) })
    const nested = parsePapers(`@misc{deep, title = ${'{'.repeat(1_000)}x${'}'.repeat(1_000)}}\n@misc{ok, title = {Fine}}`)
    expect(nested.papers).toEqual([{ title: 'Fine' }])
    expect(nested.skipped[0]).toMatchObject({ line: 1, reason: expect.stringMatching(/nests braces/) })
  })
  test('a 1 MB single line', () => {
    for (const line of ['x'.repeat(1_000_000), `@misc{a, title = {${'y'.repeat(1_000_000)}}}`, 'https://e.org/'.padEnd(1_000_000, 'a'), '2401.'.repeat(200_000), '10.1000/'.repeat(125_000)]) {
      const { result, ms } = timed(() => parsePapers(line))
      expect(ms).toBeLessThan(BOUND_MS)
      expect(result.papers.length + result.skipped.length).toBeGreaterThanOrEqual(0)
    }
  })
  test('tens of thousands of tiny broken entries', () => {
    const text = '@a{\n'.repeat(50_000)
    const { result, ms } = timed(() => parsePapers(text))
    expect(ms).toBeLessThan(BOUND_MS)
    expect(result.papers).toEqual([])
    expect(result.skipped.length).toBe(50_000)
  })
  test('deeply nested JSON and a listing page of only anchors', () => {
    for (const text of ['['.repeat(200_000), `${'['.repeat(5_000)}1${']'.repeat(5_000)}`, 'Title\n• 3 authors\n'.repeat(50_000)]) {
      const { ms } = timed(() => parsePapers(text))
      expect(ms).toBeLessThan(BOUND_MS)
    }
  })
  test('input beyond the size limit is refused with a reason', () => {
    const result = parsePapers('a'.repeat(MAX_INPUT_CHARS + 1))
    expect(result.papers).toEqual([])
    expect(result.skipped[0]!.reason).toMatch(/too large/)
  })
})

describe('property: any text', () => {
  test('never throws, and every paper it returns has an id and can be added to a list', () => {
    const pieces = fc.constantFrom(
      'arXiv:', '2401.12345', 'v2', 'hep-th/9901001', 'https://', 'arxiv.org/abs/', 'doi:', '10.1145/', 'x', ' ', '\n', '\r\n', '{', '}', '@misc{', '@article{k,',
      'title = ', 'author = ', ' and ', ',', '"', '\\"u', '$', 'TY  - ', 'ER  - ', 'AU  - ', '• 3 authors', 'Mar 3, 2024 5', '·', '[', ']', '{"title":', 'javascript:', '\u00a0',
    )
    fc.assert(
      fc.property(fc.array(fc.oneof(pieces, fc.string({ maxLength: 8 })), { maxLength: 60 }), (parts) => {
        const { papers, skipped } = parsePapers(parts.join(''))
        const doc = new Y.Doc()
        for (const paper of papers) {
          expect(paperIdFor(paper)).not.toBeNull()
          addPaper(doc, paper, 'm1', 1)
        }
        for (const item of skipped) expect(item.line).toBeGreaterThanOrEqual(1)
      }),
      { numRuns: 400, seed: 4 },
    )
  })
})
