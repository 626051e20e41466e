/**
 * Large, deterministic paper lists for tests of big transactions and backlogs: the size of a
 * lab's whole reference library, imported at once.
 */
import type { PaperInput } from '../../src/doc/ops.js'

/** `count` distinct arXiv papers, each with an abstract of about `abstractChars` characters. */
export function manyPapers(count: number, options: { abstractChars?: number; prefix?: number } = {}): PaperInput[] {
  const abstractChars = options.abstractChars ?? 600
  const prefix = options.prefix ?? 2401
  const sentence = 'We study how reading groups choose papers and how shared lists converge without a server. '
  const abstract = sentence.repeat(Math.ceil(abstractChars / sentence.length)).slice(0, abstractChars)
  return Array.from({ length: count }, (_, i) => ({
    arxivId: `${prefix}.${String(10000 + i).padStart(5, '0')}`,
    title: `Paper number ${i} on convergence of shared reading lists`,
    authors: [`Author ${i} A`, `Author ${i} B`, `Author ${i} C`],
    abstract: `${i}: ${abstract}`,
    published: '2024-01-15',
  }))
}
