import { expect, test } from 'vitest'
import * as Y from 'yjs'
import type { PaperId } from '../../src/doc/ids.js'
import { setNoteText } from '../../src/doc/ops.js'
import { noteOf } from '../../src/doc/schema.js'
import { bindYText } from '../../src/reactive/bindYText.js'

const id = 'title:paper' as PaperId

test('typing writes the note, and a peer\'s edit before the caret keeps the caret on the same text', () => {
  const doc = new Y.Doc()
  const peer = new Y.Doc()
  doc.on('update', (update: Uint8Array) => Y.applyUpdate(peer, update, 'net'))
  peer.on('update', (update: Uint8Array, origin: unknown) => origin !== 'net' && Y.applyUpdate(doc, update, 'net'))
  const area = document.createElement('textarea')
  document.body.append(area)
  const unbind = bindYText(area, noteOf(doc, id), (next) => setNoteText(doc, id, next))

  area.value = 'hello world'
  area.dispatchEvent(new Event('input'))
  expect(noteOf(peer, id).toString()).toBe('hello world')

  area.focus()
  area.setSelectionRange(6, 6) // before "world"
  noteOf(peer, id).insert(0, 'Oh, ')
  expect(area.value).toBe('Oh, hello world')
  expect(area.selectionStart).toBe(10)
  expect(area.value.slice(area.selectionStart)).toBe('world')

  noteOf(peer, id).delete(0, 4)
  expect(area.value).toBe('hello world')
  expect(area.selectionStart).toBe(6)

  unbind()
  noteOf(peer, id).insert(0, 'x')
  expect(area.value).toBe('hello world')
  area.remove()
})
