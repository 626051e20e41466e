/**
 * Presence through a real relay: leaving on `pagehide` is sent on the still open socket, so
 * peers see it at once, and coming back from the back-forward cache restores it.
 */
import { expect, onTestFinished, test } from 'vitest'
import WS from 'ws'
import * as Y from 'yjs'
import { newMemberId } from '../../src/doc/ids.js'
import { parseFragment } from '../../src/sync/access.js'
import { isConnected } from '../../src/sync/providerWatch.js'
import { toPresence } from '../../src/sync/presence.js'
import { connectRelay } from '../../src/sync/relay.js'
import { connectClient, newList, startTestRelay, syncBase, until } from '../helpers/relayClient.js'

/** A `pageshow` event as the back-forward cache fires it. */
function pageShow(persisted: boolean): Event {
  return Object.assign(new Event('pageshow'), { persisted })
}

test('pagehide removes my presence for peers while the socket stays open; a pageshow from the cache brings it back', async () => {
  const relay = await startTestRelay()
  const list = await newList()
  const page = new EventTarget()
  const doc = new Y.Doc()
  const connection = await connectRelay({
    syncUrl: syncBase(relay.url), listId: list.listId, doc, access: parseFragment(list.secret)!,
    identity: { memberId: newMemberId(), name: 'Ada', colour: '#1971c2' },
    WebSocketPolyfill: WS as unknown as typeof WebSocket, pageEvents: page,
  })
  onTestFinished(() => connection.destroy())
  const peer = await connectClient(relay.url, list.listId, list.secret)
  const names = () => [...peer.provider.awareness.getStates().values()].map((state) => toPresence(state)?.name).filter(Boolean)
  await until(() => names().includes('Ada'), 'the peer to see Ada')

  page.dispatchEvent(new Event('pagehide'))
  await until(() => !names().includes('Ada'), 'the peer to see Ada leave')
  expect(isConnected(connection.provider)).toBe(true)

  page.dispatchEvent(pageShow(true))
  await until(() => names().includes('Ada'), 'the peer to see Ada back')
})
