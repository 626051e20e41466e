/**
 * The edits the benchmark makes, written with Shortlist's own document ops (`build/src/doc`):
 * vote toggles, ~1 KB papers, and a 1,000-paper list. Each timed edit also writes its send
 * time into a `bench` map in the same transaction, so every receiving client can measure how
 * long the edit took to reach it.
 */
import * as Y from 'yjs'

/** Name of the map that carries send stamps; one key per sending client. */
export const STAMP_MAP = 'bench'

const WORDS = 'diffusion transformer attention sparse retrieval latent scaling benchmark robust graph kernel prior token contrastive reward policy'.split(' ')

/** Roughly 1 KB of bibliographic data for paper number `n` (arXiv id derived from `n`). */
export function paperInput(n, random) {
  const words = (count) => Array.from({ length: count }, () => WORDS[Math.floor(random() * WORDS.length)]).join(' ')
  return {
    arxivId: `${2300 + Math.floor(n / 90000) + 1}.${String(n % 90000 + 10000).padStart(5, '0')}`,
    title: words(9),
    authors: Array.from({ length: 5 }, (_, i) => `Author ${n}-${i} ${words(1)}`),
    abstract: words(60).slice(0, 480),
    published: '2024-05-01',
    tags: ['bench'],
  }
}

/** Adds `count` papers (ids from `firstNumber`) to a document; returns their ids. */
export function addPapers(ops, doc, count, firstNumber, random, by = 'seed') {
  const ids = []
  doc.transact(() => {
    for (let i = 0; i < count; i++) ids.push(ops.addPaper(doc, paperInput(firstNumber + i, random), by, 1_700_000_000_000 + i).id)
  })
  return ids
}

/** Number of papers a replica holds (one `addedAt` key per paper). */
export function paperCount(ops, doc) {
  let count = 0
  for (const key of ops.papersOf(doc).keys()) if (key.startsWith('addedAt|')) count++
  return count
}

/**
 * One timed edit: toggles a vote (or, with probability `paperShare`, adds a ~1 KB paper) and
 * stamps the send time, in one transaction, so it travels as one update.
 */
export function timedEdit(ops, client, paperIds, random, paperShare, nextPaperNumber) {
  const addsPaper = random() < paperShare
  const paperId = paperIds[Math.floor(random() * paperIds.length)]
  client.doc.transact(() => {
    if (addsPaper) ops.addPaper(client.doc, paperInput(nextPaperNumber(), random), client.memberId)
    else ops.toggleVote(client.doc, { paperId, memberId: client.memberId })
    client.doc.getMap(STAMP_MAP).set(client.memberId, performance.now())
  })
  return addsPaper
}

/** Calls `onLatency(ms, senderKey)` for every stamp a client receives from another client. */
export function watchStamps(doc, onLatency) {
  const stamps = doc.getMap(STAMP_MAP)
  stamps.observe((event) => {
    if (event.transaction.local) return
    const now = performance.now()
    for (const key of event.keysChanged) {
      const sent = stamps.get(key)
      if (typeof sent === 'number') onLatency(now - sent, key)
    }
  })
}

/** Size of a document's full state as one update: what a relay has to store for it. */
export const storedSize = (doc) => Y.encodeStateAsUpdate(doc).byteLength
