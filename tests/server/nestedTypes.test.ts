/**
 * Legitimate nested types (a Y.Map inside a Y.Map, a Y.Array inside that) from real
 * y-websocket clients pass the relay's parent check, live and after a restart, when the
 * room's index of type items is rebuilt from the stored bytes.
 */
import { describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import { connectClient, newList, startTestRelay, tempDir, until } from '../helpers/relayClient.js'

const outer = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>('outer')

describe('nested types', () => {
  test('a Y.Map inside a Y.Map syncs, and later writes into it do too', async () => {
    const relay = await startTestRelay()
    const list = await newList()
    const a = await connectClient(relay.url, list.listId, list.secret)
    const b = await connectClient(relay.url, list.listId, list.secret)
    await Promise.all([a.whenSynced(), b.whenSynced()])
    const inner = new Y.Map<unknown>()
    outer(a.doc).set('inner', inner)
    inner.set('first', 'one')
    await until(() => outer(b.doc).get('inner')?.get('first') === 'one', 'nested map arrives')
    // A separate transaction: its item names the nested map by id.
    inner.set('second', 'two')
    outer(b.doc).get('inner')!.set('third', 'three')
    await until(() => outer(a.doc).get('inner')?.get('third') === 'three' && outer(b.doc).get('inner')?.get('second') === 'two', 'writes into the nested map cross')
    expect(a.closes).toEqual([])
    expect(b.closes).toEqual([])
  })

  test('after a restart, writes into a stored nested type are accepted', async () => {
    const dataDir = tempDir()
    const list = await newList()
    const first = await startTestRelay({ dataDir })
    const a = await connectClient(first.url, list.listId, list.secret)
    await a.whenSynced()
    const inner = new Y.Map<unknown>()
    outer(a.doc).set('inner', inner)
    inner.set('list', new Y.Array<string>())
    const watcher = await connectClient(first.url, list.listId, list.secret)
    await until(() => outer(watcher.doc).get('inner')?.get('list') instanceof Y.Array, 'stored')
    a.destroy()
    watcher.destroy()
    await first.close()

    const second = await startTestRelay({ dataDir })
    const b = await connectClient(second.url, list.listId, list.secret)
    await b.whenSynced()
    await until(() => outer(b.doc).get('inner')?.get('list') instanceof Y.Array, 'restored')
    ;(outer(b.doc).get('inner')!.get('list') as Y.Array<string>).insert(0, ['x', 'y'])
    outer(b.doc).get('inner')!.set('after', 'restart')
    const c = await connectClient(second.url, list.listId, list.secret)
    await until(
      () => outer(c.doc).get('inner')?.get('after') === 'restart' && (outer(c.doc).get('inner')?.get('list') as Y.Array<string> | undefined)?.length === 2,
      'writes into the restored nested types reach a new client',
    )
    expect(b.closes).toEqual([])
  })
})
