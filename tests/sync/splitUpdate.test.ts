/**
 * Splitting a big Yjs update into pieces under a byte budget. Pinned to the installed yjs:
 * the splitter writes yjs's V1 update encoding itself, so an upgrade must be checked here.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import * as Y from 'yjs'
import { importPapers } from '../../src/doc/importPapers.js'
import { addComment, deletePaper, LOCAL_ORIGIN, setVote } from '../../src/doc/ops.js'
import { listPapers } from '../../src/doc/queries.js'
import type { MemberId } from '../../src/doc/schema.js'
import { integrationOrder, splitUpdate } from '../../src/sync/splitUpdate.js'
import { CLIENT_FRAME_CLIENTS } from '../../src/protocol/frames.js'
import { manyPapers } from '../helpers/bigLists.js'

const SPLITTER_WRITTEN_FOR_YJS = '13.6.33'
const MIB = 1024 * 1024

test(`the installed yjs is the version the splitter was written for (${SPLITTER_WRITTEN_FOR_YJS})`, () => {
  const installed = (JSON.parse(readFileSync(join(import.meta.dirname, '../../node_modules/yjs/package.json'), 'utf8')) as { version: string }).version
  expect(installed, `yjs ${installed} is installed, but src/sync/splitUpdate.ts writes the update format of yjs ${SPLITTER_WRITTEN_FOR_YJS}: re-check it (these tests) and update SPLITTER_WRITTEN_FOR_YJS`).toBe(SPLITTER_WRITTEN_FOR_YJS)
})

/** The update one transaction produced. */
function transactionUpdate(doc: Y.Doc, run: () => void): Uint8Array {
  let captured: Uint8Array | null = null
  const capture = (update: Uint8Array) => (captured = update)
  doc.on('update', capture)
  run()
  doc.off('update', capture)
  if (!captured) throw new Error('the transaction changed nothing')
  return captured
}

function applyAll(pieces: Uint8Array[], doc = new Y.Doc()): Y.Doc {
  for (const piece of pieces) Y.applyUpdate(doc, piece)
  return doc
}

const by = 'member-one' as MemberId

test('a 5,000-paper import splits into pieces under 1 MiB that rebuild the same list', () => {
  const doc = new Y.Doc()
  const update = transactionUpdate(doc, () => importPapers(doc, manyPapers(5_000), by))
  expect(update.length).toBeGreaterThan(4 * MIB)
  const pieces = splitUpdate(update, MIB)
  expect(pieces.length).toBeGreaterThanOrEqual(Math.ceil(update.length / MIB))
  for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(MIB)
  const rebuilt = applyAll(pieces)
  expect(rebuilt.store.pendingStructs).toBeNull()
  expect(Y.encodeStateVector(rebuilt)).toEqual(Y.encodeStateVector(doc))
  expect(listPapers(rebuilt)).toEqual(listPapers(doc))
})

test('each piece continues the clocks of the pieces before it (the relay checks each alone)', () => {
  const doc = new Y.Doc()
  const update = transactionUpdate(doc, () => importPapers(doc, manyPapers(2_000), by))
  const seen = new Map<number, number>()
  for (const piece of splitUpdate(update, 256 * 1024)) {
    const meta = Y.parseUpdateMeta(piece)
    for (const [client, from] of meta.from) expect(from).toBe(seen.get(client) ?? 0)
    for (const [client, to] of meta.to) seen.set(client, to)
  }
  expect(seen).toEqual(Y.decodeStateVector(Y.encodeStateVector(doc)))
})

test('a backlog of many clients, with deletions and cross-client references, arrives in an order where every piece is complete', () => {
  const devices = [1, 2, 3].map((n) => {
    const doc = new Y.Doc()
    doc.clientID = 1000 + n
    return doc
  })
  const [a, b, c] = devices as [Y.Doc, Y.Doc, Y.Doc]
  const sync = () => {
    for (const from of devices) for (const to of devices) if (from !== to) Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)))
  }
  const { ids } = importPapers(a, manyPapers(200, { prefix: 2301 }), by)
  sync()
  // b and c work on a's papers: their items name a's items as origins and parents
  for (const id of ids.slice(0, 100)) setVote(b, { paperId: id, memberId: 'member-two' as MemberId, on: true })
  for (const id of ids.slice(50, 150)) addComment(c, { paperId: id, by: 'member-three' as MemberId, text: `comment on ${id} `.repeat(20) })
  sync()
  for (const id of ids.slice(0, 50)) deletePaper(a, id)
  for (const id of ids.slice(0, 40)) setVote(b, { paperId: id, memberId: 'member-two' as MemberId, on: false })
  importPapers(c, manyPapers(150, { prefix: 2302 }), 'member-three' as MemberId)
  sync()
  // the whole history, as a relay restored from an empty disk needs it
  const backlog = Y.encodeStateAsUpdate(a)
  const pieces = splitUpdate(backlog, 32 * 1024)
  expect(pieces.length).toBeGreaterThan(5)
  // a replica that checks each piece on its own, as the relay does: nothing may stay pending
  const relay = new Y.Doc()
  for (const piece of pieces) {
    expect(piece.length).toBeLessThanOrEqual(32 * 1024)
    Y.applyUpdate(relay, piece)
    expect(relay.store.pendingStructs, 'a piece referred to something a later piece brings').toBeNull()
  }
  expect(Y.encodeStateVector(relay)).toEqual(Y.encodeStateVector(a))
  expect(listPapers(relay)).toEqual(listPapers(a))
  expect(Y.encodeStateAsUpdate(relay)).toEqual(Y.encodeStateAsUpdate(a))
})

test('a small update is returned as it is', () => {
  const doc = new Y.Doc()
  const update = transactionUpdate(doc, () => doc.transact(() => doc.getMap('m').set('k', 'v'), LOCAL_ORIGIN))
  expect(splitUpdate(update, MIB)).toEqual([update])
})

test('a single struct larger than the budget goes alone, unsplit', () => {
  const doc = new Y.Doc()
  const update = transactionUpdate(doc, () =>
    doc.transact(() => {
      doc.getMap('m').set('small', 'x')
      doc.getMap('m').set('huge', 'y'.repeat(300_000))
      doc.getMap('m').set('after', 'z')
    }),
  )
  const pieces = splitUpdate(update, 100_000)
  expect(pieces.some((piece) => piece.length > 300_000)).toBe(true)
  expect(applyAll(pieces).getMap('m').toJSON()).toEqual(doc.getMap('m').toJSON())
})

test('the integration order puts each struct after what it refers to', () => {
  const a = new Y.Doc()
  a.clientID = 1
  const b = new Y.Doc()
  b.clientID = 2
  a.getArray('list').insert(0, ['a1'])
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
  b.getArray('list').insert(1, ['b1'])
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b))
  a.getArray('list').insert(2, ['a2'])
  const { structs } = Y.decodeUpdate(Y.encodeStateAsUpdate(a))
  // decodeUpdate lists client 2 first; its item refers to client 1's first item
  const order = integrationOrder(structs).map((s) => `${s.id.client}:${s.id.clock}`)
  expect(order.indexOf('1:0')).toBeLessThan(order.indexOf('2:0'))
  expect(order.indexOf('2:0')).toBeLessThan(order.indexOf('1:1'))
})

test('a small update from more clients than one frame may carry is cut by clients, each piece complete in order', () => {
  // 10,000 app starts that each wrote one edit: 10,000 client ids in a few hundred KB
  const sessions: Uint8Array[] = []
  for (let i = 0; i < 10_000; i++) {
    const session = new Y.Doc()
    session.clientID = 100_000 + i
    session.getMap('papers').set(`title|p${i}`, `edit ${i}`)
    sessions.push(Y.encodeStateAsUpdate(session))
    session.destroy()
  }
  const history = new Y.Doc()
  Y.applyUpdate(history, Y.mergeUpdates(sessions))
  const update = Y.encodeStateAsUpdate(history)
  expect(update.length).toBeLessThan(1024 * 1024)
  const pieces = splitUpdate(update, 1024 * 1024)
  expect(pieces.length).toBeGreaterThan(2)
  const rebuilt = new Y.Doc()
  for (const piece of pieces) {
    expect(Y.decodeUpdate(piece).structs.reduce((clients, s) => clients.add(s.id.client), new Set<number>()).size).toBeLessThanOrEqual(CLIENT_FRAME_CLIENTS)
    Y.applyUpdate(rebuilt, piece)
    expect(rebuilt.store.pendingStructs).toBeNull()
  }
  expect(rebuilt.getMap('papers').toJSON()).toEqual(history.getMap('papers').toJSON())
})
