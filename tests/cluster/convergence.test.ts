/**
 * Three relay processes on PostgreSQL + Redis: clients on different relays converge, presence
 * crosses relays, and a client that moves to another relay gets everything.
 */
import { describe, expect, test } from 'vitest'
import { CLOSE } from '../../src/protocol/closeCodes.js'
import { TOKEN_PREFIX } from '../../src/protocol/access.js'
import { deletePath } from '../../src/protocol/routes.js'
import { newList, protocolsFor, until } from '../helpers/relayClient.js'
import { testServices } from '../helpers/services.js'
import { clientOn, converged, edit, keysOf, readyz, storedKeys, urlOf, useCluster } from './clusterKit.js'

const services = await testServices({ own: true })

describe('three relays on PostgreSQL and Redis', () => {
  const slots = useCluster(services)

  test('/readyz lists the store and the fan-out as up', async () => {
    for (const slot of slots) {
      const { status, body } = await readyz(slot)
      expect(status).toBe(200)
      expect(body.dependencies).toEqual({ store: { kind: 'postgres', state: 'up' }, fanout: { kind: 'redis', state: 'up' } })
    }
  })

  test('clients on different relays converge, and every edit is in PostgreSQL', async () => {
    const list = await newList()
    const clients = []
    for (const slot of slots) for (let i = 0; i < 2; i++) clients.push(await clientOn(slot, list.listId, list.secret))
    await Promise.all(clients.map((client) => client.whenSynced()))
    const expected = new Set<string>()
    clients.forEach((client, c) => {
      for (let i = 0; i < 20; i++) {
        edit(client, `c${c}-${i}`)
        expected.add(`c${c}-${i}`)
      }
    })
    await converged(clients, expected, 'all six clients hold all 120 edits')
    expect(storedKeys(services.databaseUrl, list.listId)).toEqual(expected)
  })

  test('presence set on one relay reaches a client on another', async () => {
    const list = await newList()
    const [a, b] = [await clientOn(slots[0]!, list.listId, list.secret), await clientOn(slots[2]!, list.listId, list.secret)]
    await Promise.all([a.whenSynced(), b.whenSynced()])
    a.provider.awareness.setLocalStateField('user', { name: 'Ada' })
    await until(() => [...b.provider.awareness.getStates().values()].some((state) => (state.user as { name?: string } | undefined)?.name === 'Ada'), 'presence crossed relays')
    a.provider.awareness.setLocalState(null)
    await until(() => !b.provider.awareness.getStates().has(a.doc.clientID), 'presence removal crossed relays')
  })

  test('a list deleted through one relay closes its sockets on the others', async () => {
    const list = await newList()
    const elsewhere = await clientOn(slots[2]!, list.listId, list.secret)
    await elsewhere.whenSynced()
    edit(elsewhere, 'doomed')
    const token = (await protocolsFor(list.secret)).find((p) => p.startsWith(TOKEN_PREFIX))!.slice(TOKEN_PREFIX.length)
    const response = await fetch(urlOf(slots[0]!) + deletePath(list.listId), { method: 'DELETE', headers: { Authorization: `Bearer ${token}` } })
    expect(response.status).toBe(200)
    await until(() => elsewhere.closes.some((close) => close.code === CLOSE.deleted.code), 'the socket on another relay was closed as deleted')
    expect(storedKeys(services.databaseUrl, list.listId).size).toBe(0)
  })

  test('a client that reconnects to another relay gets everything and delivers its own', async () => {
    const list = await newList()
    const mover = await clientOn(slots[0]!, list.listId, list.secret)
    const stayer = await clientOn(slots[1]!, list.listId, list.secret)
    await Promise.all([mover.whenSynced(), stayer.whenSynced()])
    for (let i = 0; i < 30; i++) edit(stayer, `stayer-${i}`)
    mover.provider.disconnect()
    for (let i = 0; i < 30; i++) edit(mover, `offline-${i}`)
    const moved = await clientOn(slots[2]!, list.listId, list.secret)
    // the same device's document, now through the third relay
    const { applyUpdate, encodeStateAsUpdate } = await import('yjs')
    applyUpdate(moved.doc, encodeStateAsUpdate(mover.doc))
    await moved.whenSynced()
    const expected = new Set([...keysOf(stayer.doc), ...keysOf(mover.doc)])
    expect(expected.size).toBe(60)
    await converged([moved, stayer], expected, 'the moved client and the one that stayed hold all 60 edits')
  })
})
