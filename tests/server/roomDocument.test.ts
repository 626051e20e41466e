/**
 * `RoomDocument.check` against updates that decode and whose dependencies exist, but that a
 * client holding the room could not integrate: checked against what a real Y.Doc does.
 */
import { describe, expect, test } from 'vitest'
import * as decoding from 'lib0/decoding'
import * as Y from 'yjs'
import { RoomDocument } from '../../server/relay/roomDocument.js'
import { updateWithForwardParent, updateWithParentCycle, updateWithStringParent } from '../helpers/relayFrames.js'

/** Applies every piece of the room's reply to a peer with `stateVector`, in order. */
function applyReply(doc: Y.Doc, stored: RoomDocument, stateVector: Uint8Array): void {
  for (const piece of stored.replyPieces(stateVector)) Y.applyUpdate(doc, piece())
}

function roomWithOnePaper(): Y.Doc {
  const doc = new Y.Doc()
  doc.getMap('papers').set('before', '1')
  return doc
}

/** Applies the update to a replica of the room; returns what a real client ends up with. */
function integrateInClient(room: Y.Doc, update: Uint8Array): 'threw' | 'pending' | 'ok' {
  const replica = new Y.Doc()
  Y.applyUpdate(replica, Y.encodeStateAsUpdate(room))
  try {
    Y.applyUpdate(replica, update)
    return replica.store.pendingStructs ? 'pending' : 'ok'
  } catch {
    return 'threw'
  } finally {
    replica.destroy()
  }
}

describe('room document: parents and integration order', () => {
  test('an item naming a string item as its parent is malformed', () => {
    const room = roomWithOnePaper()
    const stored = new RoomDocument([Y.encodeStateAsUpdate(room)])
    const check = stored.check(updateWithStringParent(Y.createID(room.clientID, 0)))
    expect(check).toEqual({ kind: 'malformed', reason: 'parent is not a type' })
  })

  test("an item naming its own client's later item as a parent is malformed (a client throws on it)", () => {
    const room = roomWithOnePaper()
    const update = updateWithForwardParent(room)
    expect(integrateInClient(room, update)).toBe('threw')
    const stored = new RoomDocument([Y.encodeStateAsUpdate(room)])
    expect(stored.check(update).kind).toBe('malformed')
  })

  test('items naming each other as parents are malformed (a client keeps them pending forever)', () => {
    const room = roomWithOnePaper()
    const update = updateWithParentCycle()
    expect(integrateInClient(room, update)).toBe('pending')
    const stored = new RoomDocument([Y.encodeStateAsUpdate(room)])
    expect(stored.check(update).kind).toBe('malformed')
  })

  test('writes into a nested type stored before the room loaded are ready', () => {
    const client = new Y.Doc()
    const inner = new Y.Map<unknown>()
    client.getMap('outer').set('inner', inner)
    const stored = new RoomDocument([Y.encodeStateAsUpdate(client)])
    expect(stored.hasTypeIndex).toBe(false)
    const before = Y.encodeStateVector(client)
    inner.set('k', 'v')
    expect(stored.check(Y.encodeStateAsUpdate(client, before)).kind).toBe('ready')
    expect(stored.hasTypeIndex).toBe(true)
    expect(stored.typeCount).toBe(1)
  })

  test('updates to root-level types never build the type index', () => {
    const room = roomWithOnePaper()
    const stored = new RoomDocument([Y.encodeStateAsUpdate(room)])
    const before = Y.encodeStateVector(room)
    room.getMap('papers').set('before', '2')
    room.getText('note').insert(0, 'hello')
    const update = Y.encodeStateAsUpdate(room, before)
    const check = stored.check(update)
    expect(check.kind).toBe('ready')
    stored.apply(update, check.kind === 'ready' ? check.types : [])
    expect(stored.hasTypeIndex).toBe(false)
  })

  test('a nested type added by an accepted update becomes a valid parent', () => {
    const client = new Y.Doc()
    const stored = new RoomDocument([])
    const inner = new Y.Map<unknown>()
    let before = Y.encodeStateVector(client)
    client.getMap('outer').set('inner', inner)
    const created = Y.encodeStateAsUpdate(client, before)
    const check = stored.check(created)
    expect(check.kind).toBe('ready')
    stored.apply(created, check.kind === 'ready' ? check.types : [])
    expect(stored.typeCount).toBe(1)
    before = Y.encodeStateVector(client)
    const deeper = new Y.Array<string>()
    inner.set('list', deeper)
    deeper.insert(0, ['a', 'b'])
    const write = Y.encodeStateAsUpdate(client, before)
    const next = stored.check(write)
    expect(next.kind).toBe('ready')
    expect(next.kind === 'ready' ? next.types.length : 0).toBe(1)
  })
})

describe('room document: loading and serving', () => {
  function editedDoc() {
    const doc = new Y.Doc()
    doc.getMap('papers').set('a', 'first')
    const compacted = Y.encodeStateAsUpdate(doc)
    const before = Y.encodeStateVector(doc)
    doc.getMap('papers').set('b', 'second')
    doc.getMap('papers').delete('a')
    return { doc, compacted, tail: Y.encodeStateAsUpdate(doc, before), compactedSv: Y.encodeStateVectorFromUpdate(compacted) }
  }

  test('a room loaded with its stored state vector matches one loaded by decoding', () => {
    const { doc, compacted, tail, compactedSv } = editedDoc()
    const decoded = new RoomDocument([compacted, tail])
    const fromVector = new RoomDocument([compacted, tail], compactedSv)
    expect(fromVector.stateVector()).toEqual(decoded.stateVector())
    expect(fromVector.stateVector()).toEqual(Y.encodeStateVector(doc))
    const replica = new Y.Doc()
    applyReply(replica, fromVector, new Uint8Array([0]))
    expect(replica.getMap('papers').toJSON()).toEqual({ b: 'second' })
  })

  test('a peer holding nothing of the room gets the whole room; one holding part gets the rest', () => {
    const { doc, compacted, tail } = editedDoc()
    const stored = new RoomDocument([compacted, tail])
    const offline = new Y.Doc()
    offline.getMap('papers').set('mine', 'offline edit')
    const full = new Y.Doc()
    applyReply(full, stored, Y.encodeStateVector(offline))
    expect(full.getMap('papers').toJSON()).toEqual(doc.getMap('papers').toJSON())
    const partial = new Y.Doc()
    Y.applyUpdate(partial, compacted)
    applyReply(partial, stored, Y.encodeStateVector(partial))
    expect(partial.getMap('papers').toJSON()).toEqual({ b: 'second' })
    expect(() => stored.replyPieces(new Uint8Array([5, 1]))).toThrow()
  })
})

describe('room document: checking a client\'s later edits', () => {
  /** A room holding client A's paper, and client B's replica that has already written once. */
  function roomAndSecondWriter(): { stored: RoomDocument; writer: Y.Doc } {
    const room = roomWithOnePaper()
    const stored = new RoomDocument([Y.encodeStateAsUpdate(room)])
    const writer = new Y.Doc()
    Y.applyUpdate(writer, Y.encodeStateAsUpdate(room))
    const before = Y.encodeStateVector(writer)
    writer.getMap('papers').set('first', 'b1')
    const first = Y.encodeStateAsUpdate(writer, before)
    const check = stored.check(first)
    expect(check.kind).toBe('ready')
    if (check.kind === 'ready') stored.apply(first, check.types, check.clocks)
    return { stored, writer }
  }

  function nextEdit(writer: Y.Doc): Uint8Array {
    const before = Y.encodeStateVector(writer)
    writer.getMap('papers').set('second', 'b2')
    return Y.encodeStateAsUpdate(writer, before)
  }

  /** Rewrites the first struct's content kind to one Yjs does not know. */
  function withUnknownContent(update: Uint8Array): Uint8Array {
    const bytes = update.slice()
    const decoder = decoding.createDecoder(bytes)
    for (let i = 0; i < 4; i++) decoding.readVarUint(decoder) // clients, structs, client, clock
    bytes[decoder.pos] = (bytes[decoder.pos]! & 0b11100000) | 0b11111
    return bytes
  }

  test('a next edit (its clock continues the room) is ready', () => {
    const { stored, writer } = roomAndSecondWriter()
    const update = nextEdit(writer)
    expect(Y.parseUpdateMeta(update).from.get(writer.clientID)).toBeGreaterThan(0)
    expect(stored.check(update).kind).toBe('ready')
  })

  test('a next edit with content a client cannot read is malformed', () => {
    const { stored, writer } = roomAndSecondWriter()
    const held = new Y.Doc()
    Y.applyUpdate(held, Y.encodeStateAsUpdate(writer))
    const bad = withUnknownContent(nextEdit(writer))
    expect(stored.check(bad).kind).toBe('malformed')
    expect(integrateInClient(held, bad)).toBe('threw')
  })

  test('a first edit with content a client cannot read is malformed', () => {
    const room = roomWithOnePaper()
    const stored = new RoomDocument([Y.encodeStateAsUpdate(room)])
    const writer = new Y.Doc()
    Y.applyUpdate(writer, Y.encodeStateAsUpdate(room))
    const before = Y.encodeStateVector(writer)
    writer.getText('note').insert(0, 'hello')
    const bad = withUnknownContent(Y.encodeStateAsUpdate(writer, before))
    expect(stored.check(bad).kind).toBe('malformed')
    expect(integrateInClient(room, bad)).toBe('threw')
  })
})
