/**
 * Vote churn: votes are keys set and deleted, never counters, so a long history of toggles
 * must not bloat the document. 20 members toggle their vote on each of 1,000 papers 50 times.
 */
import { expect, test } from 'vitest'
import * as Y from 'yjs'
import { addPaper, setVote, voteCounts } from '../../src/doc/index.js'
import type { PaperId } from '../../src/doc/index.js'

const MEMBERS = 20
const PAPERS = 1_000
const TOGGLES = 50
/** Stated bound for the encoded document after the churn (measured: see the log line). */
const MAX_ENCODED_BYTES = 8 * 1024 * 1024

test(`${MEMBERS} members × ${PAPERS} papers × ${TOGGLES} vote toggles stay under ${MAX_ENCODED_BYTES / 1024 / 1024} MiB encoded`, () => {
  const doc = new Y.Doc()
  const ids: PaperId[] = []
  doc.transact(() => {
    for (let i = 0; i < PAPERS; i++) ids.push(addPaper(doc, { arxivId: `2401.${String(10_000 + i)}`, title: `Paper ${i}` }, 'm0', i).id)
  })
  const base = Y.encodeStateAsUpdate(doc).byteLength
  // Each member is its own device (own Yjs client), as in real use.
  const devices = Array.from({ length: MEMBERS }, () => {
    const device = new Y.Doc()
    Y.applyUpdate(device, Y.encodeStateAsUpdate(doc))
    return device
  })
  for (let round = 0; round < TOGGLES; round++) {
    devices.forEach((device, member) => {
      device.transact(() => {
        for (const id of ids) setVote(device, { paperId: id, memberId: `member${member}`, on: round % 2 === 0, at: round })
      })
    })
  }
  for (const device of devices) Y.applyUpdate(doc, Y.encodeStateAsUpdate(device))
  const encoded = Y.encodeStateAsUpdate(doc).byteLength
  console.log(`churn: papers alone ${base} B; after ${MEMBERS * PAPERS * TOGGLES} toggles ${encoded} B (${(encoded / 1024 / 1024).toFixed(2)} MiB)`)
  // 50 toggles end "off" for everyone: no vote survives.
  expect([...voteCounts(doc).values()].reduce((a, b) => a + b, 0)).toBe(0)
  expect(encoded).toBeLessThan(MAX_ENCODED_BYTES)
})
