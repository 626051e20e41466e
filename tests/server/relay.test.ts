import { describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import { CLOSE } from '../../src/protocol/closeCodes.js'
import { connectClient, newList, openRawSocket, protocolsFor, startTestRelay, tempDir, until } from '../helpers/relayClient.js'

const papers = (doc: Y.Doc) => doc.getMap<string>('papers')

describe('relay sync', () => {
  test('two clients converge both ways', async () => {
    const relay = await startTestRelay()
    const list = await newList()
    const a = await connectClient(relay.url, list.listId, list.secret)
    const b = await connectClient(relay.url, list.listId, list.secret)
    await Promise.all([a.whenSynced(), b.whenSynced()])
    papers(a.doc).set('p1', 'from a')
    papers(b.doc).set('p2', 'from b')
    await until(() => papers(a.doc).size === 2 && papers(b.doc).size === 2, 'both see both papers')
    expect(papers(b.doc).toJSON()).toEqual(papers(a.doc).toJSON())
  })

  test('the relay selects the shortlist subprotocol', async () => {
    const relay = await startTestRelay()
    const list = await newList()
    const socket = openRawSocket(relay.url, list.listId, await protocolsFor(list.secret))
    await socket.opened
    expect(socket.protocol()).toBe('shortlist.v1')
  })

  test('a client that joins later gets everything', async () => {
    const relay = await startTestRelay()
    const list = await newList()
    const a = await connectClient(relay.url, list.listId, list.secret)
    await a.whenSynced()
    for (let i = 0; i < 50; i++) papers(a.doc).set(`p${i}`, `title ${i}`)
    a.destroy()
    const late = await connectClient(relay.url, list.listId, list.secret)
    await late.whenSynced()
    await until(() => papers(late.doc).size === 50, 'late joiner has all 50')
  })

  test('state survives a relay restart (SQLite)', async () => {
    const dataDir = tempDir()
    const list = await newList()
    const first = await startTestRelay({ dataDir })
    const a = await connectClient(first.url, list.listId, list.secret)
    await a.whenSynced()
    papers(a.doc).set('kept', 'yes')
    const other = await connectClient(first.url, list.listId, list.secret)
    await until(() => papers(other.doc).get('kept') === 'yes', 'forwarded')
    a.destroy()
    other.destroy()
    await first.close()
    const second = await startTestRelay({ dataDir })
    const b = await connectClient(second.url, list.listId, list.secret)
    await b.whenSynced()
    await until(() => papers(b.doc).get('kept') === 'yes', 'restored from disk')
  })

  test('a client that edited while the relay was down syncs when it returns', async () => {
    const dataDir = tempDir()
    const list = await newList()
    const first = await startTestRelay({ dataDir })
    const port = first.port
    const a = await connectClient(first.url, list.listId, list.secret)
    await a.whenSynced()
    papers(a.doc).set('before', '1')
    const b = await connectClient(first.url, list.listId, list.secret)
    await until(() => papers(b.doc).get('before') === '1', 'b saw the first edit')
    await first.close()
    await until(() => !a.provider.wsconnected, 'a noticed the relay is gone')
    papers(a.doc).set('offline', 'from a')
    const second = await startTestRelay({ dataDir, port })
    await until(() => papers(b.doc).get('offline') === 'from a', 'b got the offline edit after the relay came back', 15_000)
    expect(second.port).toBe(port)
  })

  test('a relay restarted with an empty database gets everything re-uploaded', async () => {
    const list = await newList()
    const first = await startTestRelay({ dataDir: tempDir() })
    const port = first.port
    const a = await connectClient(first.url, list.listId, list.secret)
    const b = await connectClient(first.url, list.listId, list.secret)
    await Promise.all([a.whenSynced(), b.whenSynced()])
    papers(a.doc).set('x', 'a')
    papers(b.doc).set('y', 'b')
    await until(() => papers(a.doc).size === 2 && papers(b.doc).size === 2, 'converged')
    await first.close()
    const second = await startTestRelay({ dataDir: tempDir(), port })
    await until(() => a.provider.synced && b.provider.synced, 'both resynced', 15_000)
    const fresh = await connectClient(second.url, list.listId, list.secret)
    await fresh.whenSynced()
    await until(() => papers(fresh.doc).size === 2, 'a fresh client sees both edits')
  })
})

describe('relay access', () => {
  test("a read-only link reads live updates, and its writes are dropped", async () => {
    const relay = await startTestRelay()
    const list = await newList()
    const writer = await connectClient(relay.url, list.listId, list.secret)
    await writer.whenSynced()
    papers(writer.doc).set('w', 'writer')
    const reader = await connectClient(relay.url, list.listId, list.readOnly)
    await reader.whenSynced()
    await until(() => papers(reader.doc).get('w') === 'writer', 'reader got existing state')
    papers(writer.doc).set('live', 'yes')
    await until(() => papers(reader.doc).get('live') === 'yes', 'reader got a live update')
    papers(reader.doc).set('sneaky', 'no')
    papers(writer.doc).set('after', 'marker')
    await until(() => papers(reader.doc).get('after') === 'marker', 'marker passed after the reader wrote')
    const late = await connectClient(relay.url, list.listId, list.secret)
    await late.whenSynced()
    await until(() => papers(late.doc).get('after') === 'marker', 'late writer synced')
    expect(papers(writer.doc).has('sneaky')).toBe(false)
    expect(papers(late.doc).has('sneaky')).toBe(false)
    expect(reader.closes).toEqual([])
  })

  test('a wrong token and an unknown room are refused identically', async () => {
    const relay = await startTestRelay()
    const list = await newList()
    const owner = await connectClient(relay.url, list.listId, list.secret)
    await owner.whenSynced()
    const stranger = await newList()
    const [tokenOnly, claimOfStranger] = await protocolsFor(stranger.secret).then((p) => [p.slice(0, 2), p])
    const wrong = openRawSocket(relay.url, list.listId, tokenOnly!)
    const unknown = openRawSocket(relay.url, stranger.listId, tokenOnly!)
    const noToken = openRawSocket(relay.url, list.listId, ['shortlist.v1'])
    const results = await Promise.all([wrong.closed, unknown.closed, noToken.closed])
    for (const result of results) expect(result).toEqual({ code: CLOSE.forbidden.code, reason: CLOSE.forbidden.reason })
    // A writer's claim on an already claimed room changes nothing either.
    const hijack = openRawSocket(relay.url, list.listId, claimOfStranger!)
    expect(await hijack.closed).toEqual({ code: CLOSE.forbidden.code, reason: CLOSE.forbidden.reason })
    expect(owner.closes).toEqual([])
  })

  test('a room name that is not a list id is refused with 4404', async () => {
    const relay = await startTestRelay()
    const list = await newList()
    const socket = openRawSocket(relay.url, 'not-a-list-id', await protocolsFor(list.secret))
    expect((await socket.closed).code).toBe(CLOSE.badRoom.code)
  })

  test('a foreign Origin is refused; same origin and listed origins are accepted', async () => {
    const relay = await startTestRelay({ allowedOrigins: ['https://app.example'] })
    const list = await newList()
    const protocols = await protocolsFor(list.secret)
    const foreign = openRawSocket(relay.url, list.listId, protocols, { Origin: 'https://evil.example' })
    await expect(foreign.opened).rejects.toThrow(/403/)
    const same = openRawSocket(relay.url, list.listId, protocols, { Origin: relay.url })
    await same.opened
    const listed = openRawSocket(relay.url, list.listId, protocols, { Origin: 'https://app.example' })
    await listed.opened
  })
})
