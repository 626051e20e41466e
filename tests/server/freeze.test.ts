/**
 * The freeze action over HTTP: only the write token, sent in the Authorization header,
 * freezes a room; everything else gets the same answer and changes nothing.
 */
import { describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import { freezePath } from '../../src/protocol/routes.js'
import { CLOSE } from '../../src/protocol/closeCodes.js'
import { TOKEN_PREFIX } from '../../src/protocol/access.js'
import { connectClient, newList, protocolsFor, startTestRelay, until } from '../helpers/relayClient.js'

const papers = (doc: Y.Doc) => doc.getMap<string>('papers')

async function tokenOf(fragment: string): Promise<string> {
  return (await protocolsFor(fragment)).find((p) => p.startsWith(TOKEN_PREFIX))!.slice(TOKEN_PREFIX.length)
}

describe('POST /api/rooms/<listId>/freeze', () => {
  test('wrong token, no token, token in the URL, and unknown room all get 403 and freeze nothing', async () => {
    const lines: Array<Record<string, unknown>> = []
    const relay = await startTestRelay({ logger: (level, msg, fields) => lines.push({ level, msg, ...fields }) })
    const list = await newList()
    const stranger = await newList()
    const writer = await connectClient(relay.url, list.listId, list.secret)
    await writer.whenSynced()
    const token = await tokenOf(list.secret)
    const url = relay.url + freezePath(list.listId)
    const statuses = [
      (await fetch(url, { method: 'POST', headers: { Authorization: `Bearer ${await tokenOf(stranger.secret)}` } })).status,
      (await fetch(url, { method: 'POST' })).status,
      (await fetch(`${url}?token=${token}`, { method: 'POST' })).status,
      (await fetch(url, { method: 'POST', headers: { Authorization: `Basic ${token}` } })).status,
      (await fetch(relay.url + freezePath(stranger.listId), { method: 'POST', headers: { Authorization: `Bearer ${token}` } })).status,
    ]
    expect(statuses).toEqual([403, 403, 403, 403, 403])
    expect((await fetch(relay.url + '/api/rooms/not-a-list-id/freeze', { method: 'POST' })).status).toBe(404)
    expect((await fetch(url)).status).toBe(405)

    papers(writer.doc).set('still', 'writable')
    const watcher = await connectClient(relay.url, list.listId, list.secret)
    await until(() => papers(watcher.doc).get('still') === 'writable', 'room not frozen')

    const ok = await fetch(url, { method: 'POST', headers: { Authorization: `Bearer ${token}` } })
    expect(ok.status).toBe(200)
    expect(await ok.json()).toEqual({ status: 'frozen' })
    expect(lines.some((line) => line.msg === 'relay.room_frozen')).toBe(true)
    expect(JSON.stringify(lines)).not.toContain(token)
  })

  test('a frozen room closes a writer that sends news, even mid-connection, and forwards nothing', async () => {
    const relay = await startTestRelay()
    const list = await newList()
    const writer = await connectClient(relay.url, list.listId, list.secret)
    const watcher = await connectClient(relay.url, list.listId, list.readOnly)
    await Promise.all([writer.whenSynced(), watcher.whenSynced()])
    papers(writer.doc).set('before', 'freeze')
    await until(() => papers(watcher.doc).get('before') === 'freeze', 'forwarded before the freeze')
    const frozen = await fetch(relay.url + freezePath(list.listId), { method: 'POST', headers: { Authorization: `Bearer ${await tokenOf(list.secret)}` } })
    expect(frozen.status).toBe(200)
    papers(writer.doc).set('after', 'freeze')
    await until(() => writer.closes.length > 0, 'writer closed')
    expect(writer.closes[0]).toEqual({ code: CLOSE.frozen.code, reason: CLOSE.frozen.reason })
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(papers(watcher.doc).has('after')).toBe(false)
    expect(watcher.closes).toEqual([])
  })
})
