import { describe, expect, test } from 'vitest'
import { boundedEditDistance, familyName, isSamePaper, normaliseTitle } from '../../../server/lookup/titleMatch.js'

describe('matching a pasted title to a search result', () => {
  test('titles equal once case, accents, punctuation and spacing are set aside match', () => {
    expect(normaliseTitle('  LoRA:  Low-Rank Adaptation of Large Language Models. ')).toBe('lora low rank adaptation of large language models')
    expect(isSamePaper({ title: 'Représentation Entanglement for Generation' }, { title: 'Representation entanglement for generation', authors: [] })).toBe(true)
  })

  test('nearly equal titles match only with the same first author', () => {
    const query = { title: 'Token Contrast for Weakly Supervised Semantic Segmentaton', firstAuthor: 'Lixiang Ru' }
    const candidate = { title: 'Token Contrast for Weakly-Supervised Semantic Segmentation', authors: ['Ru, Lixiang', 'Bo Du'] }
    expect(isSamePaper(query, candidate)).toBe(true)
    expect(isSamePaper({ title: query.title }, candidate)).toBe(false)
    expect(isSamePaper(query, { ...candidate, authors: ['Someone Else'] })).toBe(false)
  })

  test('a different paper with a similar title never matches', () => {
    expect(isSamePaper({ title: 'Attention Is All You Need', firstAuthor: 'Vaswani' }, { title: 'Attention Is Not All You Need', authors: ['Vaswani'] })).toBe(false)
    expect(isSamePaper({ title: '' }, { title: '', authors: [] })).toBe(false)
  })

  test('the edit distance is banded and stops early', () => {
    expect(boundedEditDistance('kitten', 'sitting', 3)).toBe(3)
    expect(boundedEditDistance('a'.repeat(300), 'b'.repeat(300), 5)).toBe(6)
    expect(familyName('Edward J. Hu')).toBe('hu')
    expect(familyName('Hu, Edward J.')).toBe('hu')
  })
})
