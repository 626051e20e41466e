/**
 * Faults of a three-relay cluster (PostgreSQL + Redis, all real processes): SIGKILL of one
 * relay during bursts from writers on all three (20 seeds), Redis restarted during bursts,
 * PostgreSQL stopped (writes refused with `storeUnavailable`, delivered once it is back), and
 * a rolling restart of all three relays. Each asserts that no edit was lost: every client
 * ends with every edit, and so does the store.
 */
import { describe, expect, test } from 'vitest'
import { CLOSE } from '../../src/protocol/closeCodes.js'
import { trackSyncStatus } from '../../src/sync/status.js'
import { newList, until, type TestClient } from '../helpers/relayClient.js'
import { testServices } from '../helpers/services.js'
import { clientOn, converged, edit, readyz, seeded, startSlot, stopSlot, storedKeys, urlOf, useCluster, type RelaySlot } from './clusterKit.js'

const services = await testServices({ own: true })
const control = services.control!

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Writes `count` edits named `prefix-i`, one per `intervalMs`; resolves to their keys. */
async function burst(client: TestClient, prefix: string, count: number, intervalMs: number): Promise<string[]> {
  const keys: string[] = []
  for (let i = 0; i < count; i++) {
    const key = `${prefix}-${i}`
    edit(client, key)
    keys.push(key)
    await sleep(intervalMs)
  }
  return keys
}

/** Reads a counter or histogram count from a relay's `/metrics`. */
async function metric(slot: RelaySlot, name: string): Promise<number> {
  const text = await (await fetch(`${urlOf(slot)}/metrics`)).text()
  const line = text.split('\n').find((l) => l.startsWith(`${name} `))
  return line ? Number(line.split(' ')[1]) : 0
}

describe('a three-relay cluster under faults', () => {
  const slots = useCluster(services)

  const SEEDS = Array.from({ length: 20 }, (_, i) => i + 1)
  test.for(SEEDS)('SIGKILL of one relay during bursts on all three loses nothing (seed %i)', { timeout: 60_000 }, async (seed, { onTestFinished }) => {
    const random = seeded(seed)
    const list = await newList()
    const writers = await Promise.all(slots.map((slot) => clientOn(slot, list.listId, list.secret, onTestFinished)))
    await Promise.all(writers.map((writer) => writer.whenSynced()))
    const victim = Math.floor(random() * 3)
    const killAfterMs = 40 + Math.floor(random() * 160)
    const bursts = writers.map((writer, w) => burst(writer, `s${seed}-w${w}`, 25, 4 + Math.floor(random() * 6)))
    await sleep(killAfterMs)
    // what writers on the other relays received from anyone but themselves was forwarded: it must be stored
    const forwarded = new Set<string>()
    writers.forEach((writer, w) => {
      if (w === victim) return
      for (const key of writer.doc.getMap('edits').keys()) if (!key.startsWith(`s${seed}-w${w}-`)) forwarded.add(key)
    })
    slots[victim]!.process!.child.kill('SIGKILL')
    await slots[victim]!.process!.exited
    const stored = storedKeys(services.databaseUrl, list.listId)
    for (const key of forwarded) expect(stored.has(key), `forwarded edit ${key} is stored`).toBe(true)
    await startSlot(services, slots[victim]!)
    const expected = new Set((await Promise.all(bursts)).flat())
    const reader = await clientOn(slots[(victim + 1) % 3]!, list.listId, list.secret, onTestFinished)
    await converged([...writers, reader], expected, `every client holds all ${expected.size} edits`)
    await until(() => storedKeys(services.databaseUrl, list.listId).size === expected.size, 'the store holds every edit')
  })

  test('Redis restarted during bursts loses nothing, and fan-out through Redis resumes', async () => {
    const list = await newList()
    const writers = await Promise.all(slots.map((slot) => clientOn(slot, list.listId, list.secret)))
    await Promise.all(writers.map((writer) => writer.whenSynced()))
    const bursts = writers.map((writer, w) => burst(writer, `redis-w${w}`, 60, 10))
    await sleep(150)
    await control.stopRedis()
    await sleep(300)
    const down = await readyz(slots[0]!)
    expect(down.status).toBe(200) // still stores and delivers (from the store), later
    expect(down.body.dependencies).toMatchObject({ fanout: { kind: 'redis', state: 'down' } })
    await control.startRedis()
    const expected = new Set((await Promise.all(bursts)).flat())
    await converged(writers, expected, 'every writer holds all edits after Redis came back')
    expect(storedKeys(services.databaseUrl, list.listId)).toEqual(expected)
    for (const slot of slots) {
      const deadline = Date.now() + 15_000
      while ((await readyz(slot)).body.dependencies && ((await readyz(slot)).body.dependencies as { fanout: { state: string } }).fanout.state !== 'up') {
        if (Date.now() > deadline) throw new Error('fan-out did not come back up')
        await sleep(100)
      }
    }
    const delivered = await metric(slots[1]!, 'shortlist_fanout_delivery_seconds_count')
    edit(writers[0]!, 'after-redis')
    await converged(writers, new Set(['after-redis']), 'the edit after the restart reached every relay')
    expect(await metric(slots[1]!, 'shortlist_fanout_delivery_seconds_count')).toBeGreaterThan(delivered)
  })

  test("PostgreSQL stopped: writes are refused with storeUnavailable, kept by the client, and delivered when it returns", async () => {
    const list = await newList()
    const writer = await clientOn(slots[0]!, list.listId, list.secret)
    const reader = await clientOn(slots[1]!, list.listId, list.secret)
    const status = trackSyncStatus(writer.doc, list.listId, { storage: null, network: null })
    status.attach(writer.provider)
    await Promise.all([writer.whenSynced(), reader.whenSynced()])
    expect(status.cannotSave()).toBe(false)
    edit(writer, 'before')
    await converged([reader], new Set(['before']), 'the reader got the edit made before the stop')
    await control.stopPostgres('fast')
    try {
      for (let i = 0; i < 5; i++) edit(writer, `during-${i}`)
      await until(() => writer.closes.some((close) => close.code === CLOSE.storeUnavailable.code), 'the writer was told the relay cannot save', 20_000)
      const ready = await readyz(slots[0]!)
      expect(ready.status).toBe(503)
      expect(ready.body.dependencies).toMatchObject({ store: { kind: 'postgres', state: 'down' } })
      expect(status.cannotSave()).toBe(true) // the app shows "relay can't save right now"
      expect(writer.doc.getMap('edits').has('during-4')).toBe(true)
      expect(reader.doc.getMap('edits').has('during-0')).toBe(false)
    } finally {
      await control.startPostgres()
    }
    const expected = new Set(['before', ...Array.from({ length: 5 }, (_, i) => `during-${i}`)])
    await converged([writer, reader], expected, 'the edits made while PostgreSQL was down arrived once it returned', 60_000)
    expect(storedKeys(services.databaseUrl, list.listId)).toEqual(expected)
    await until(() => !status.cannotSave(), 'the status clears once the relay synced again')
    status.destroy()
    expect((await readyz(slots[0]!)).status).toBe(200)
  })

  test('a rolling restart of all three relays with clients connected loses nothing', async () => {
    const list = await newList()
    const clients: TestClient[] = []
    for (const slot of slots) for (let i = 0; i < 2; i++) clients.push(await clientOn(slot, list.listId, list.secret))
    await Promise.all(clients.map((client) => client.whenSynced()))
    let writing = true
    const keys = new Set<string>()
    const writes = clients.map(async (client, c) => {
      for (let i = 0; writing; i++) {
        edit(client, `roll-c${c}-${i}`)
        keys.add(`roll-c${c}-${i}`)
        await sleep(100)
      }
    })
    for (const slot of slots) {
      await stopSlot(slot, 'SIGTERM')
      await startSlot(services, slot)
      await sleep(300)
    }
    writing = false
    await Promise.all(writes)
    await converged(clients, keys, `every client holds all ${keys.size} edits after the rolling restart`, 60_000)
    expect(storedKeys(services.databaseUrl, list.listId)).toEqual(keys)
  })
})
