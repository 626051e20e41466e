import { describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import { addPaper, toggleVote, nextUp, paperIdFor, readPaper, deletePaper, restorePaper, editPaper, fillPaperDetails, rankQueue, setStatus, InvalidInputError, createList, readMeta, renameList } from '../../src/doc/index.js'

describe('paper identity', () => {
  test('arXiv ids in every form give one id', () => {
    const ids = ['2401.12345', 'arXiv:2401.12345v2', 'https://arxiv.org/abs/2401.12345v3', 'https://arxiv.org/pdf/2401.12345.pdf', 'https://huggingface.co/papers/2401.12345']
      .map((raw) => (raw.startsWith('http') ? paperIdFor({ url: raw }) : paperIdFor({ arxivId: raw })))
    expect(new Set(ids)).toEqual(new Set(['arxiv:2401.12345']))
  })
  test('DOIs are lower-cased, with or without a resolver prefix', () => {
    expect(paperIdFor({ doi: 'doi:10.1145/ABC.123' })).toBe('doi:10.1145/abc.123')
    expect(paperIdFor({ url: 'https://doi.org/10.1145/ABC.123' })).toBe('doi:10.1145/abc.123')
  })
})

describe('ops', () => {
  test('a list can be renamed; an empty name is refused and changes nothing', () => {
    const doc = new Y.Doc()
    createList(doc, { name: 'Vision group', description: 'Thursdays', at: 1 })
    renameList(doc, '  Vision group   journal club ')
    expect(readMeta(doc)).toMatchObject({ name: 'Vision group journal club', description: 'Thursdays', createdAt: 1 })
    expect(() => renameList(doc, '   ')).toThrow(InvalidInputError)
    expect(readMeta(doc).name).toBe('Vision group journal club')
  })

  test('adding the same paper twice merges and keeps existing fields', () => {
    const doc = new Y.Doc()
    const first = addPaper(doc, { arxivId: '2401.12345', title: 'First title' }, 'm1', 1)
    const second = addPaper(doc, { url: 'https://arxiv.org/abs/2401.12345v2', title: 'Other title', abstract: 'A' }, 'm2', 2)
    expect(second).toEqual({ id: first.id, created: false })
    const paper = readPaper(doc, first.id)!
    expect(paper).toMatchObject({ title: 'First title', abstract: 'A', addedBy: 'm1', addedAt: 1, url: 'https://arxiv.org/abs/2401.12345' })
  })
  test('an add with no identity is rejected and writes nothing', () => {
    const doc = new Y.Doc()
    expect(() => addPaper(doc, { title: '  ' }, 'm1')).toThrow(InvalidInputError)
    expect(() => addPaper(doc, { title: 'x', url: 'javascript:alert(1)' }, 'm1')).toThrow(InvalidInputError)
    expect(Y.encodeStateVector(doc)).toEqual(Y.encodeStateVector(new Y.Doc()))
  })
  test('next up: votes, then oldest, then id; deleted and discussed excluded', () => {
    const doc = new Y.Doc()
    const a = addPaper(doc, { title: 'A' }, 'm1', 10).id
    const b = addPaper(doc, { title: 'B' }, 'm1', 5).id
    expect(nextUp(doc)?.paper.id).toBe(b)
    toggleVote(doc, { paperId: a, memberId: 'm1' })
    expect(nextUp(doc)).toMatchObject({ votes: 1, paper: { id: a } })
    deletePaper(doc, a)
    expect(nextUp(doc)?.paper.id).toBe(b)
    restorePaper(doc, a)
    setStatus(doc, a, 'discussed', { discussedOn: '2026-01-01', presenter: 'm2' })
    expect(rankQueue(doc).map((r) => r.paper.id)).toEqual([b])
  })
  test('a lookup never overwrites a field edited by hand', () => {
    const doc = new Y.Doc()
    const { id } = addPaper(doc, { arxivId: '2401.00001' }, 'm1')
    expect(readPaper(doc, id)!.pending).toBe(true)
    editPaper(doc, id, { title: 'My title' })
    fillPaperDetails(doc, id, { title: 'Upstream title', abstract: 'Upstream abstract' })
    expect(readPaper(doc, id)).toMatchObject({ title: 'My title', abstract: 'Upstream abstract', pending: false, editedFields: ['title'] })
  })
})
