/**
 * Tags: one key per paper and tag, so concurrent edits of different tags merge; old lists'
 * one-array tags still read; the list's tags counted for suggestions; hostile keys bounded.
 */
import { describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import {
  InvalidInputError, LOCAL_ORIGIN, addPaper, addTag, deletePaper, editPaper, fillPaperDetails, listAllPapers,
  listTags, normalizeTag, paperKey, papersOf, readPaper, removeTag, setTags, suggestTags, tagKey,
} from '../../src/doc/index.js'
import type { PaperId } from '../../src/doc/index.js'
import { FIELD_LIMITS } from '../../src/doc/limits.js'

const sync = (a: Y.Doc, b: Y.Doc) => {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)))
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)))
}
const tagsOf = (doc: Y.Doc, id: PaperId) => readPaper(doc, id)!.tags

describe('tag ops', () => {
  test('a tag is added once, normalised, shown sorted, and removed again', () => {
    const doc = new Y.Doc()
    const { id } = addPaper(doc, { title: 'Paper' }, 'ada', 1)
    expect(addTag(doc, id, '  Vision   Transformers ')).toEqual(['vision transformers'])
    expect(addTag(doc, id, 'ML')).toEqual(['ml', 'vision transformers'])
    expect(addTag(doc, id, 'ml')).toEqual(['ml', 'vision transformers'])
    expect(tagsOf(doc, id)).toEqual(['ml', 'vision transformers'])
    expect(removeTag(doc, id, 'ML')).toEqual(['vision transformers'])
    expect(tagsOf(doc, id)).toEqual(['vision transformers'])
    expect(readPaper(doc, id)!.editedFields).toContain('tags')
  })

  test('a bar cannot split a key, an empty tag is refused, and a paper holds at most the limit', () => {
    const doc = new Y.Doc()
    const { id } = addPaper(doc, { title: 'Paper' }, 'ada', 1)
    expect(normalizeTag('a|b')).toBe('a/b')
    expect(addTag(doc, id, 'a|b')).toEqual(['a/b'])
    expect(papersOf(doc).has(tagKey('a/b', id))).toBe(true)
    expect(() => addTag(doc, id, '   ')).toThrow(InvalidInputError)
    expect(normalizeTag('x'.repeat(500))).toHaveLength(FIELD_LIMITS.tag)
    setTags(doc, { paperId: id, add: Array.from({ length: 80 }, (_, n) => `t${String(n).padStart(2, '0')}`) })
    expect(tagsOf(doc, id)).toHaveLength(FIELD_LIMITS.tags)
    expect(() => addTag(doc, id, 'one more')).toThrow(`at most ${FIELD_LIMITS.tags} tags`)
  })

  test('a tag on a paper this replica lacks writes nothing', () => {
    const doc = new Y.Doc()
    expect(setTags(doc, { paperId: 'doi:10.1/none' as PaperId, add: ['x'] })).toEqual([])
    expect(papersOf(doc).size).toBe(0)
  })

  test('an import or a lookup adds tags but never brings back one a member removed', () => {
    const doc = new Y.Doc()
    const { id } = addPaper(doc, { arxivId: '2401.00001', title: 'P', tags: ['nlp', 'old'] }, 'ada', 1)
    expect(tagsOf(doc, id)).toEqual(['nlp', 'old'])
    removeTag(doc, id, 'old')
    addPaper(doc, { arxivId: '2401.00001', tags: ['old', 'new'] }, 'bo', 2)
    expect(tagsOf(doc, id)).toEqual(['new', 'nlp'])
    const other = addPaper(doc, { arxivId: '2401.00002' }, 'ada', 3).id
    fillPaperDetails(doc, other, { title: 'Looked up', tags: ['cv'] })
    expect(tagsOf(doc, other)).toEqual(['cv'])
    // once a member edited the tags by hand, a lookup leaves them alone
    fillPaperDetails(doc, id, { tags: ['from lookup'] })
    expect(tagsOf(doc, id)).toEqual(['new', 'nlp'])
  })

  test('editing the whole tag set adds and removes one key each', () => {
    const doc = new Y.Doc()
    const { id } = addPaper(doc, { title: 'P', tags: ['a', 'b'] }, 'ada', 1)
    editPaper(doc, id, { tags: ['b', 'c'] })
    expect(tagsOf(doc, id)).toEqual(['b', 'c'])
    expect(papersOf(doc).get(tagKey('a', id))).toBe(false)
    expect(papersOf(doc).has(paperKey('tags', id))).toBe(false)
  })

  test('a read inside a transaction sees the tags written in it', () => {
    const doc = new Y.Doc()
    const { id } = addPaper(doc, { title: 'P' }, 'ada', 1)
    let inside: string[] = []
    let all: string[] = []
    doc.transact(() => {
      papersOf(doc).set(tagKey('fresh', id), true)
      inside = readPaper(doc, id)!.tags
      all = listAllPapers(doc)[0]!.tags
    }, LOCAL_ORIGIN)
    expect(inside).toEqual(['fresh'])
    expect(all).toEqual(['fresh'])
  })
})

describe('concurrent tag edits', () => {
  test('two devices tag the same paper offline: both adds and the remove survive the merge', () => {
    const a = new Y.Doc()
    const b = new Y.Doc()
    const { id } = addPaper(a, { title: 'Shared', tags: ['old'] }, 'ada', 1)
    sync(a, b)
    addTag(a, id, 'ml')
    addTag(b, id, 'nlp')
    removeTag(b, id, 'old')
    sync(a, b)
    expect(tagsOf(a, id)).toEqual(['ml', 'nlp'])
    expect(tagsOf(b, id)).toEqual(['ml', 'nlp'])
    expect(Y.encodeStateVector(a)).toEqual(Y.encodeStateVector(b))
  })

  test('with whole-set edits (the edit form), each device\'s changes survive too', () => {
    const a = new Y.Doc()
    const b = new Y.Doc()
    const { id } = addPaper(a, { title: 'Shared', tags: ['x', 'y'] }, 'ada', 1)
    sync(a, b)
    editPaper(a, id, { tags: ['x', 'y', 'from-a'] })
    editPaper(b, id, { tags: ['y', 'from-b'] })
    sync(a, b)
    expect(tagsOf(a, id)).toEqual(['from-a', 'from-b', 'y'])
    expect(tagsOf(b, id)).toEqual(tagsOf(a, id))
  })
})

describe('tags written by an older build', () => {
  test('the one-array form is read; a tag key decides over it; concurrent old and new edits merge', () => {
    const a = new Y.Doc()
    const { id } = addPaper(a, { title: 'Old list paper' }, 'ada', 1)
    // an older build wrote the tags as one array value
    papersOf(a).set(paperKey('tags', id), ['Vision', 'old', 42])
    expect(tagsOf(a, id)).toEqual(['old', 'vision'])
    const b = new Y.Doc()
    sync(a, b)
    removeTag(a, id, 'old')
    addTag(b, id, 'detection')
    sync(a, b)
    expect(tagsOf(a, id)).toEqual(['detection', 'vision'])
    expect(tagsOf(b, id)).toEqual(['detection', 'vision'])
    expect(listTags(a)).toEqual([{ tag: 'detection', papers: 1 }, { tag: 'vision', papers: 1 }])
  })
})

describe('the list\'s tags', () => {
  test('counted over live papers, most used first, and suggested by prefix then substring', () => {
    const doc = new Y.Doc()
    const one = addPaper(doc, { title: 'One', tags: ['vision', 'robotics'] }, 'ada', 1).id
    addPaper(doc, { title: 'Two', tags: ['vision', 'nlp'] }, 'ada', 2)
    const gone = addPaper(doc, { title: 'Gone', tags: ['deleted-only'] }, 'ada', 3).id
    deletePaper(doc, gone)
    const all = listTags(doc)
    expect(all).toEqual([{ tag: 'vision', papers: 2 }, { tag: 'nlp', papers: 1 }, { tag: 'robotics', papers: 1 }])
    expect(suggestTags(all, '', readPaper(doc, one)!.tags)).toEqual(['nlp'])
    expect(suggestTags(all, 'O', [])).toEqual(['vision', 'robotics'])
    expect(suggestTags(all, 'r', [])).toEqual(['robotics'])
    expect(suggestTags(all, 'vis', [])).toEqual(['vision'])
    // inside a transaction the same answer comes from one pass over the map
    let inside: unknown
    doc.transact(() => {
      inside = listTags(doc)
    })
    expect(inside).toEqual(all)
  })
})

describe('hostile tag keys', () => {
  test('ten thousand tag keys on one paper read as at most the limit, each within its length', () => {
    const doc = new Y.Doc()
    const { id } = addPaper(doc, { title: 'Target' }, 'ada', 1)
    doc.transact(() => {
      for (let n = 0; n < 10_000; n++) papersOf(doc).set(tagKey(`t${n}`, id), true)
      papersOf(doc).set(paperKey('tag.NOT NORMAL', id), true)
      papersOf(doc).set(paperKey(`tag.${'x'.repeat(5_000)}`, id), true)
    })
    const tags = tagsOf(doc, id)
    expect(tags.length).toBe(FIELD_LIMITS.tags)
    expect(tags.every((tag) => tag.length <= FIELD_LIMITS.tag && tag === normalizeTag(tag))).toBe(true)
    expect(tags).not.toContain('NOT NORMAL')
  })
})
