import { describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import { addPaper, deletePaper } from '../../src/doc/ops.js'
import {
  cleanKeywords, dismissEntry, entryToPaper, feedNames, inboxEntries, INBOX_LIMITS, inboxOf, isDismissed, matchesKeywords,
  readFeedSettings, setFeedSettings, undismissEntry,
} from '../../src/doc/inbox.js'
import type { FeedEntry } from '../../src/doc/inbox.js'
import { compareForSort } from '../../src/doc/listQuery.js'
import {
  clearLookupOutcomes, needsDetails, readCitations, readLookupOutcome, setCitations, setLookupOutcome,
} from '../../src/doc/lookupState.js'
import { readPaper } from '../../src/doc/queries.js'

const entry = (arxivId: string, title: string, abstract = ''): FeedEntry => ({ arxivId, title, authors: ['A. Author'], authorCount: 1, abstract, published: '2026-12-01' })
const sync = (a: Y.Doc, b: Y.Doc) => {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b))
}

describe('feed settings', () => {
  test('read back as written, cleaned; an empty list follows nothing', () => {
    const doc = new Y.Doc()
    expect(readFeedSettings(doc)).toEqual({ hfDaily: false, arxivCategories: [], include: [], exclude: [] })
    setFeedSettings(doc, { hfDaily: true, arxivCategories: ['cs.CL', 'cs.CL', 'not a category', 'stat.ML'], include: [' Diffusion ', 'diffusion', ''], exclude: ['survey'] })
    expect(readFeedSettings(doc)).toEqual({ hfDaily: true, arxivCategories: ['cs.CL', 'stat.ML'], include: ['Diffusion'], exclude: ['survey'] })
    expect(feedNames(readFeedSettings(doc), '2026-12-02')).toEqual(['hf:2026-12-02', 'arxiv:cs.CL', 'arxiv:stat.ML'])
  })

  test('two members changing different settings offline both keep theirs', () => {
    const [a, b] = [new Y.Doc(), new Y.Doc()]
    setFeedSettings(a, { include: ['retrieval'] })
    setFeedSettings(b, { arxivCategories: ['cs.IR'] })
    sync(a, b)
    expect(readFeedSettings(a)).toEqual(readFeedSettings(b))
    expect(readFeedSettings(a)).toMatchObject({ include: ['retrieval'], arxivCategories: ['cs.IR'] })
  })

  test('a peer writing huge or odd settings is read within the bounds', () => {
    const doc = new Y.Doc()
    inboxOf(doc).set('setting|include', Array.from({ length: 10_000 }, (_, i) => `word${i}${'x'.repeat(500)}`))
    inboxOf(doc).set('setting|arxivCategories', 'cs.CL')
    inboxOf(doc).set('setting|hfDaily', 'yes')
    const settings = readFeedSettings(doc)
    expect(settings.include).toHaveLength(INBOX_LIMITS.keywords)
    expect(settings.include.every((word) => word.length <= INBOX_LIMITS.keyword)).toBe(true)
    expect(settings).toMatchObject({ arxivCategories: [], hfDaily: false })
    expect(cleanKeywords([1, null, 'ok'])).toEqual(['ok'])
  })
})

describe('the inbox', () => {
  const entries = [
    entry('2612.00001', 'Diffusion for speech', 'We denoise.'),
    entry('2612.00002', 'A survey of diffusion', 'Everything about DIFFUSION.'),
    entry('2612.00003', 'Retrieval at scale', 'We use diffusion in the retriever.'),
    entry('2612.00004', 'Graph neural networks'),
    entry('2612.00001', 'Diffusion for speech (duplicate from another feed)'),
  ]

  test('keywords: include any (title or abstract, case and accents ignored), exclude wins', () => {
    expect(matchesKeywords(entries[0]!, { include: ['DIFFUSION'], exclude: [] })).toBe(true)
    expect(matchesKeywords(entries[2]!, { include: ['diffusion'], exclude: [] })).toBe(true)
    expect(matchesKeywords(entries[1]!, { include: ['diffusion'], exclude: ['Survey'] })).toBe(false)
    expect(matchesKeywords(entries[3]!, { include: ['diffusion'], exclude: [] })).toBe(false)
    expect(matchesKeywords(entry('x', 'Modèles de diffusion'), { include: ['modeles'], exclude: [] })).toBe(true)
    expect(matchesKeywords(entries[3]!, { include: [], exclude: [] })).toBe(true)
  })

  test('shows matching entries not in the list and not dismissed, each once; a deleted paper shows again', () => {
    const doc = new Y.Doc()
    setFeedSettings(doc, { hfDaily: true, include: ['diffusion'], exclude: ['survey'] })
    expect(inboxEntries(doc, entries).map((e) => e.arxivId)).toEqual(['2612.00001', '2612.00003'])
    const { id } = addPaper(doc, entryToPaper(entries[0]!), 'ann')
    expect(inboxEntries(doc, entries).map((e) => e.arxivId)).toEqual(['2612.00003'])
    deletePaper(doc, id)
    expect(inboxEntries(doc, entries).map((e) => e.arxivId)).toEqual(['2612.00001', '2612.00003'])
    dismissEntry(doc, '2612.00003', 'ann', 5)
    expect(isDismissed(doc, '2612.00003')).toBe(true)
    expect(inboxEntries(doc, entries).map((e) => e.arxivId)).toEqual(['2612.00001'])
    undismissEntry(doc, '2612.00003')
    expect(inboxEntries(doc, entries).map((e) => e.arxivId)).toEqual(['2612.00001', '2612.00003'])
  })

  test('a dismissal on one device hides the entry on the other', () => {
    const [a, b] = [new Y.Doc(), new Y.Doc()]
    dismissEntry(a, '2612.00004', 'ann')
    dismissEntry(b, '2612.00004', 'bob')
    sync(a, b)
    expect(inboxEntries(b, entries).map((e) => e.arxivId)).not.toContain('2612.00004')
    expect(inboxEntries(a, entries)).toEqual(inboxEntries(b, entries))
  })

  test('an added entry becomes a complete paper with its arXiv links', () => {
    const doc = new Y.Doc()
    const { id } = addPaper(doc, entryToPaper({ ...entries[0]!, codeUrl: 'https://github.com/x/y', upvotes: 4 }), 'ann')
    expect(readPaper(doc, id)).toMatchObject({
      id: 'arxiv:2612.00001', title: 'Diffusion for speech', url: 'https://arxiv.org/abs/2612.00001', pdfUrl: 'https://arxiv.org/pdf/2612.00001',
      codeUrl: 'https://github.com/x/y', upvotes: 4, published: '2026-12-01', pending: false,
    })
  })

  test('reads at most INBOX_LIMITS.entries entries', () => {
    const many = Array.from({ length: INBOX_LIMITS.entries + 500 }, (_, i) => entry(`2612.${String(i).padStart(5, '0')}`, `Paper ${i}`))
    expect(inboxEntries(new Y.Doc(), many)).toHaveLength(INBOX_LIMITS.entries)
  })
})

describe('lookup outcomes and citations', () => {
  test('an outcome is stored, read back clamped, and cleared', () => {
    const doc = new Y.Doc()
    const { id } = addPaper(doc, { title: 'A pasted paper with no link' }, 'ann')
    setLookupOutcome(doc, id, { status: 'unavailable', message: 'x'.repeat(1_000), at: 3 })
    expect(readLookupOutcome(doc, id)).toMatchObject({ status: 'unavailable', at: 3 })
    expect(readLookupOutcome(doc, id)!.message).toHaveLength(300)
    clearLookupOutcomes(doc, [id])
    expect(readLookupOutcome(doc, id)).toBeNull()
  })

  test('needsDetails: pending ids, and pasted papers with nothing to open (a code link alone counts as nothing)', () => {
    const doc = new Y.Doc()
    const pending = addPaper(doc, { arxivId: '2106.09685' }, 'ann').id
    const pasted = addPaper(doc, { title: 'A pasted paper with only code', codeUrl: 'https://github.com/a/b' }, 'ann').id
    const linked = addPaper(doc, { title: 'Has a link', url: 'https://example.org/p' }, 'ann').id
    const tiny = addPaper(doc, { title: 'Short' }, 'ann').id
    expect([pending, pasted, linked, tiny].map((id) => needsDetails(readPaper(doc, id)!))).toEqual([true, true, false, false])
  })

  test('citation counts are stored and sort most cited first, unknown last, ties by id', () => {
    const doc = new Y.Doc()
    setCitations(doc, 'arxiv:1' as never, 10, 1)
    setCitations(doc, 'arxiv:2' as never, -4, 1)
    expect(readCitations(doc, 'arxiv:1' as never)).toEqual({ count: 10, at: 1 })
    expect(readCitations(doc, 'arxiv:2' as never)).toBeNull()
    const facts = (id: string, citations: number | null) => ({ id, addedAt: 0, published: '', readCount: 0, citations })
    const sorted = [facts('d', null), facts('a', 5), facts('c', 50), facts('b', 5)].sort((x, y) => compareForSort('citations', x, y))
    expect(sorted.map((f) => f.id)).toEqual(['c', 'a', 'b', 'd'])
  })
})
