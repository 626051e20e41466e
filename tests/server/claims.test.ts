/**
 * Claims that prove the write secret, against a real relay with real y-websocket clients: a
 * room can be created only by a token whose derived list id is the room's name, so a
 * read-only member or someone who knows only the list id can never claim a list before its
 * owner (and lock the owner out). Rooms claimed before ids were derived keep working.
 */
import { describe, expect, test } from 'vitest'
import WS from 'ws'
import * as Y from 'yjs'
import { hashTokenSync } from '../../server/relay/accessCheck.js'
import { openSqliteStorage } from '../../server/storage/sqliteStorage.js'
import { addPaper, createList, listPapers } from '../../src/doc/index.js'
import { randomId, newSecret } from '../../src/doc/ids.js'
import { CLAIM_PREFIX, SYNC_SUBPROTOCOL, TOKEN_PREFIX } from '../../src/protocol/access.js'
import { CLOSE } from '../../src/protocol/closeCodes.js'
import { freezeUrl } from '../../src/sync/moveList.js'
import { moveToNewLink } from '../../src/sync/moveToNewLink.js'
import { accessProtocols, listIdFor, parseFragment, readOnlyFragment } from '../../src/sync/access.js'
import { MemoryStorage } from '../helpers/browserStorage.js'
import { connectClient, newList, openRawSocket, protocolsFor, startTestRelay, syncBase, tempDir, until, type TestClient } from '../helpers/relayClient.js'

const FORBIDDEN = { code: CLOSE.forbidden.code, reason: CLOSE.forbidden.reason }
const papers = (doc: Y.Doc) => doc.getMap<string>('papers')

/** The token a set of subprotocols carries. */
const tokenOf = (protocols: string[]) => protocols.find((p) => p.startsWith(TOKEN_PREFIX))!.slice(TOKEN_PREFIX.length)
/** The claim a writer's subprotocols carry (hash of the list's read token). */
const claimOf = (protocols: string[]) => protocols.find((p) => p.startsWith(CLAIM_PREFIX))!.slice(CLAIM_PREFIX.length)

/** Waits for a client's first close and returns it. */
async function firstClose(client: TestClient): Promise<{ code: number; reason: string }> {
  await until(() => client.closes.length > 0, 'the relay closed the client')
  return client.closes[0]!
}

describe('claiming a room needs the write secret', () => {
  test('a read-only member claiming first with the real read hash and a write token of their own is refused; the owner then claims', async () => {
    const relay = await startTestRelay({ dataDir: tempDir() })
    const list = await newList()
    const readerProtocols = await protocolsFor(list.readOnly)
    const realClaim = claimOf(await protocolsFor(list.secret))
    // the attacker's own write token, with the list's real read-token hash as the claim, so
    // that readers would accept the room as the real one
    const forged = [SYNC_SUBPROTOCOL, TOKEN_PREFIX + tokenOf(await protocolsFor(newSecret())), CLAIM_PREFIX + realClaim]
    const attacker = await connectClient(relay.url, list.listId, list.secret, { protocols: forged })
    papers(attacker.doc).set('planted', 'by the attacker')
    expect(await firstClose(attacker)).toEqual(FORBIDDEN)
    // the real read token offered as a writer's token with the real claim is refused too
    const asWriter = await connectClient(relay.url, list.listId, list.readOnly, { protocols: [...readerProtocols, CLAIM_PREFIX + realClaim] })
    expect(await firstClose(asWriter)).toEqual(FORBIDDEN)
    // and the read link alone, before the owner arrived, finds no room
    const earlyReader = await connectClient(relay.url, list.listId, list.readOnly)
    expect(await firstClose(earlyReader)).toEqual(FORBIDDEN)

    const owner = await connectClient(relay.url, list.listId, list.secret)
    await owner.whenSynced()
    papers(owner.doc).set('real', 'by the owner')
    const reader = await connectClient(relay.url, list.listId, list.readOnly)
    await until(() => papers(reader.doc).get('real') === 'by the owner', 'the reader gets the owner’s content')
    expect(papers(reader.doc).has('planted')).toBe(false)
    const secondDevice = await connectClient(relay.url, list.listId, list.secret)
    await until(() => papers(secondDevice.doc).get('real') === 'by the owner', 'a second owner device syncs')
    expect(owner.closes).toEqual([])
    expect(reader.closes).toEqual([])
  })

  test('someone who knows only the list id cannot claim it, in any form', async () => {
    const relay = await startTestRelay()
    const list = await newList()
    const own = await protocolsFor(newSecret())
    const attempts = [
      own, // a whole writer's protocols of another secret
      [SYNC_SUBPROTOCOL, TOKEN_PREFIX + list.listId + list.listId.slice(0, 21), CLAIM_PREFIX + claimOf(own)], // the id itself as material
      [SYNC_SUBPROTOCOL, TOKEN_PREFIX + tokenOf(own)], // no claim at all
      [SYNC_SUBPROTOCOL, CLAIM_PREFIX + claimOf(own)], // a claim with no token
    ]
    for (const protocols of attempts) {
      const socket = openRawSocket(relay.url, list.listId, protocols)
      expect(await socket.closed).toEqual(FORBIDDEN)
    }
    const owner = await connectClient(relay.url, list.listId, list.secret)
    await owner.whenSynced()
    expect(owner.closes).toEqual([])
  })

  test('a refused claim looks exactly like a wrong token on an existing room', async () => {
    const relay = await startTestRelay()
    const claimed = await newList()
    const owner = await connectClient(relay.url, claimed.listId, claimed.secret)
    await owner.whenSynced()
    const unclaimed = await newList()
    const stranger = await protocolsFor(newSecret())
    const onExisting = openRawSocket(relay.url, claimed.listId, stranger)
    const onUnknown = openRawSocket(relay.url, unclaimed.listId, stranger)
    const results = await Promise.all([onExisting.closed, onUnknown.closed])
    expect(results).toEqual([FORBIDDEN, FORBIDDEN])
    // neither opened: both were refused at the same point, before any sync message
    expect(onExisting.received).toEqual([])
    expect(onUnknown.received).toEqual([])
  })

  test('a relay restored from an empty disk: a reader arriving first cannot claim; the owner re-creates the room and the reader gets in', async () => {
    const list = await newList()
    const first = await startTestRelay({ dataDir: tempDir() })
    const owner = await connectClient(first.url, list.listId, list.secret)
    await owner.whenSynced()
    createList(owner.doc, { name: 'Vision group' })
    addPaper(owner.doc, { title: 'Before the restore', arxivId: '2401.00001' }, 'm1')
    await until(() => owner.provider.synced, 'owner synced')
    const ownerCopy = new Y.Doc()
    Y.applyUpdate(ownerCopy, Y.encodeStateAsUpdate(owner.doc))
    owner.destroy()
    await first.close()

    const second = await startTestRelay({ dataDir: tempDir() })
    const readerProtocols = await protocolsFor(list.readOnly)
    const forged = [...readerProtocols.slice(0, 1), TOKEN_PREFIX + tokenOf(await protocolsFor(newSecret())), CLAIM_PREFIX + claimOf(await protocolsFor(list.secret))]
    const early = openRawSocket(second.url, list.listId, forged)
    expect(await early.closed).toEqual(FORBIDDEN)

    // the owner's device still holds the list and re-uploads it
    const ownerAgain = await connectClient(second.url, list.listId, list.secret, { doc: ownerCopy })
    await ownerAgain.whenSynced()
    const reader = await connectClient(second.url, list.listId, list.readOnly)
    await until(() => listPapers(reader.doc).some((p) => p.title === 'Before the restore'), 'the reader reads the re-uploaded list')
    expect(ownerAgain.closes).toEqual([])
  })
})

describe('lists made before ids were derived', () => {
  /** Seeds a relay's database with a room claimed the old way: a random id, the owner's hashes. */
  async function legacyClaimedRoom(dataDir: string) {
    const listId = randomId(16)
    const secret = newSecret()
    const protocols = await accessProtocols(parseFragment(secret)!)
    const storage = openSqliteStorage(dataDir)
    expect(storage.claim(listId, { writeHash: hashTokenSync(tokenOf(protocols)), readHash: claimOf(protocols) })).toBe(true)
    storage.close()
    return { listId, secret, readOnly: await readOnlyFragment(secret) }
  }

  test('a room claimed before keeps working for its writers and readers, and stays closed to others', async () => {
    const dataDir = tempDir()
    const list = await legacyClaimedRoom(dataDir)
    expect(await listIdFor(list.secret)).not.toBe(list.listId)
    const relay = await startTestRelay({ dataDir })
    const owner = await connectClient(relay.url, list.listId, list.secret)
    const reader = await connectClient(relay.url, list.listId, list.readOnly)
    await Promise.all([owner.whenSynced(), reader.whenSynced()])
    papers(owner.doc).set('still', 'works')
    await until(() => papers(reader.doc).get('still') === 'works', 'the reader gets live updates')
    const stranger = openRawSocket(relay.url, list.listId, await protocolsFor(newSecret()))
    expect(await stranger.closed).toEqual(FORBIDDEN)
    expect(owner.closes).toEqual([])
    expect(reader.closes).toEqual([])
  })

  test('one that never reached the relay cannot be created there, and "move to a new link" puts it on a new link', async () => {
    const relay = await startTestRelay({ dataDir: tempDir() })
    const listId = randomId(16)
    const secret = newSecret()
    const owner = await connectClient(relay.url, listId, secret)
    createList(owner.doc, { name: 'Made offline long ago' })
    addPaper(owner.doc, { title: 'Kept through the move', arxivId: '2401.00003' }, 'm1')
    expect(await firstClose(owner)).toEqual(FORBIDDEN)

    const storage = new MemoryStorage()
    const moved = await moveToNewLink({
      doc: owner.doc,
      listId,
      access: parseFragment(secret)!,
      syncUrl: syncBase(relay.url),
      identity: { memberId: 'm1', name: 'Owner', colour: '#1971c2' },
      WebSocketPolyfill: WS as unknown as typeof WebSocket,
      storage,
    })
    expect(moved.listId).toBe(await listIdFor(moved.fragment))
    const fresh = await connectClient(relay.url, moved.listId, moved.fragment)
    await until(() => listPapers(fresh.doc).some((p) => p.title === 'Kept through the move'), 'the new link has the list')
    // the old room still does not exist: nobody can freeze or claim it
    const freeze = await fetch(freezeUrl(relay.url, listId), { method: 'POST', headers: { Authorization: `Bearer ${tokenOf(await protocolsFor(secret))}` } })
    expect(freeze.status).toBe(403)
  })

  test('a list with a derived id is not moved without freezing its old room (its link could still create it)', async () => {
    const relay = await startTestRelay({ dataDir: tempDir() })
    const list = await newList()
    const owner = new Y.Doc()
    addPaper(owner, { title: 'Stays here', arxivId: '2401.00004' }, 'm1')
    const storage = new MemoryStorage()
    await expect(
      moveToNewLink({
        doc: owner,
        listId: list.listId,
        access: parseFragment(list.secret)!,
        syncUrl: syncBase(relay.url),
        identity: { memberId: 'm1', name: 'Owner', colour: '#1971c2' },
        WebSocketPolyfill: WS as unknown as typeof WebSocket,
        storage,
      }),
    ).rejects.toThrow(/did not freeze/)
    expect(storage.length).toBe(0)
  })
})
