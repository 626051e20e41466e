/**
 * Pinned to the installed y-websocket: `src/sync/providerAdapter.ts` relies on how version
 * 3.1.0 works inside. Each point its header lists is checked here against the installed
 * provider and a real relay, so an upgrade that changes one fails here, by name.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import * as decoding from 'lib0/decoding'
import { describe, expect, onTestFinished, test } from 'vitest'
import WS from 'ws'
import * as Y from 'yjs'
import { SYNC_SUBPROTOCOL } from '../../src/protocol/access.js'
import { CLOSE } from '../../src/protocol/closeCodes.js'
import { CLIENT_FRAME_BYTES, MIN_CLIENT_FRAME_BYTES } from '../../src/protocol/frames.js'
import { MESSAGE } from '../../src/protocol/messages.js'
import { ADAPTED_Y_WEBSOCKET_VERSION, SocketTraffic, openProvider, reconnectControls, shouldReconnectAfter } from '../../src/sync/providerAdapter.js'
import { isConnected, restartConnection, sendSyncStep1, watchSyncReplies } from '../../src/sync/providerWatch.js'
import type { SyncReply } from '../../src/sync/providerWatch.js'
import { newList, protocolsFor, startTestRelay, syncBase, until } from '../helpers/relayClient.js'

const installed = (JSON.parse(readFileSync(join(import.meta.dirname, '../../node_modules/y-websocket/package.json'), 'utf8')) as { version: string }).version

test(`the installed y-websocket is the version the adapter was written for (${ADAPTED_Y_WEBSOCKET_VERSION})`, () => {
  expect(
    installed,
    `y-websocket ${installed} is installed, but src/sync/providerAdapter.ts relies on the internals of ${ADAPTED_Y_WEBSOCKET_VERSION}. ` +
      'Read the new y-websocket source against each point in the adapter\'s header, run this file, then update ADAPTED_Y_WEBSOCKET_VERSION.',
  ).toBe(ADAPTED_Y_WEBSOCKET_VERSION)
})

/** A socket class that records every frame the provider sends through it. */
function recordingSocket(sent: Uint8Array[]): typeof WebSocket {
  return class RecordingSocket extends (WS as unknown as typeof WebSocket) {
    override send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
      if (data instanceof Uint8Array) sent.push(data)
      super.send(data)
    }
  }
}

async function open(options: { protocols?: string[]; sent?: Uint8Array[]; frameBytes?: number } = {}) {
  const relay = await startTestRelay()
  const list = await newList()
  const doc = new Y.Doc()
  const { provider, traffic } = openProvider({
    syncUrl: syncBase(relay.url), room: list.listId, doc,
    protocols: options.protocols ?? (await protocolsFor(list.secret)),
    WebSocketPolyfill: recordingSocket(options.sent ?? []),
    ...(options.frameBytes ? { frameBytes: options.frameBytes } : {}),
  })
  onTestFinished(() => provider.destroy())
  const statuses: string[] = []
  provider.on('status', ({ status }) => void statuses.push(status))
  return { relay, list, doc, provider, traffic, statuses }
}

describe(`y-websocket ${ADAPTED_Y_WEBSOCKET_VERSION} internals the adapter relies on`, () => {
  test('every frame the provider sends goes through send() of the WebSocketPolyfill class, and big updates leave in pieces', async () => {
    const sent: Uint8Array[] = []
    const { doc, provider, traffic } = await open({ sent, frameBytes: MIN_CLIENT_FRAME_BYTES })
    await until(() => provider.synced, 'synced')
    const types = sent.map((frame) => decoding.readVarUint(decoding.createDecoder(frame)))
    expect(types).toContain(MESSAGE.sync) // its own sync step 1 on connect
    expect(types).toContain(MESSAGE.awareness) // its local presence
    sent.length = 0
    doc.transact(() => {
      for (let i = 0; i < 4_000; i++) doc.getMap('m').set(`k${i}`, 'v'.repeat(50))
    })
    expect(sent.length).toBeGreaterThan(3)
    expect(traffic.bytesSent).toBeGreaterThan(4_000 * 50)
    for (const frame of sent) expect(frame.length).toBeLessThanOrEqual(MIN_CLIENT_FRAME_BYTES)
  })

  test('messageHandlers[sync] sees each sync message first: the relay answers a step 1 with a step 2, then its state vector', async () => {
    const { provider } = await open()
    const replies: SyncReply['type'][] = []
    const stop = watchSyncReplies(provider, (reply) => replies.push(reply.type))
    await until(() => provider.synced, 'synced')
    expect(replies.slice(0, 2)).toEqual(['step2', 'step1'])
    stop()
    replies.length = 0
    restartConnection(provider)
    await until(() => provider.synced, 'synced again')
    expect(replies).toEqual([])
  })

  test('provider.ws is the open socket while wsconnected: our own step 1 is answered on it', async () => {
    const { doc, provider } = await open()
    expect(sendSyncStep1(provider, doc)).toBe(false) // not open yet
    await until(() => provider.synced, 'synced')
    expect(isConnected(provider)).toBe(true)
    const replies: SyncReply[] = []
    watchSyncReplies(provider, (reply) => replies.push(reply))
    expect(sendSyncStep1(provider, doc)).toBe(true)
    await until(() => replies.length >= 2, 'the relay to answer the probe')
    expect(replies.map((r) => r.type)).toEqual(['step2', 'step1'])
  })

  test('shouldReconnect decides after a server close: a refused token stops the provider and emits closed once', async () => {
    // no token at all: the relay refuses with 4403 (a stranger's token on an unclaimed room would claim it)
    const { provider, statuses } = await open({ protocols: [SYNC_SUBPROTOCOL] })
    const closed: number[] = []
    provider.on('closed', (event) => void closed.push(event.code))
    await until(() => closed.length === 1, 'closed')
    expect(closed).toEqual([CLOSE.forbidden.code])
    await new Promise((resolve) => setTimeout(resolve, 1_000))
    // the constructor's own attempt is reported before anyone listens: no attempt since
    expect(statuses.filter((s) => s === 'connecting')).toHaveLength(0)
    expect(isConnected(provider)).toBe(false)
  })

  test('clearing shouldConnect cancels the reconnect the provider already scheduled; connect() resumes', async () => {
    const { relay, provider, statuses } = await open()
    await until(() => provider.synced, 'synced')
    const controls = reconnectControls(provider)
    provider.on('connection-close', () => void (controls.shouldConnect = false))
    await relay.close() // 1001: the provider schedules a reconnect at once
    await until(() => statuses.includes('disconnected'), 'disconnected')
    await new Promise((resolve) => setTimeout(resolve, 1_000))
    expect(statuses.filter((s) => s === 'connecting')).toHaveLength(0)
    controls.connect()
    expect(controls.shouldConnect).toBe(true)
    expect(statuses.filter((s) => s === 'connecting')).toHaveLength(1)
  })

  test('disconnect() then connect() drops the socket at once and opens a new one', async () => {
    const { provider, statuses } = await open()
    await until(() => provider.synced, 'synced')
    restartConnection(provider)
    expect(statuses.slice(-2)).toEqual(['disconnected', 'connecting'])
    await until(() => provider.synced, 'synced again')
    expect(statuses.filter((s) => s === 'connected')).toHaveLength(2)
  })
})

describe('the reconnect rule', () => {
  test('44xx stops, 1009 retries only while the frame budget can halve, everything else retries', () => {
    const budget = new SocketTraffic()
    expect(budget.frameBytes).toBe(CLIENT_FRAME_BYTES)
    for (const code of [4400, 4403, 4410, 4413]) expect(shouldReconnectAfter(code, budget)).toBe(false)
    for (const code of [1001, 1006, 1013, 4529]) expect(shouldReconnectAfter(code, budget)).toBe(true)
    const retries = Array.from({ length: 10 }, () => shouldReconnectAfter(CLOSE.tooBig.code, budget))
    expect(retries).toEqual([true, true, true, true, false, false, false, false, false, false])
    expect(budget.frameBytes).toBe(MIN_CLIENT_FRAME_BYTES)
  })
})
