/**
 * Reconnecting after the relay went away: each client waits a random delay instead of all
 * coming back at once (y-websocket's own backoff is the same for every client).
 */
import { describe, expect, test } from 'vitest'
import { startRelay } from '../../server/server.js'
import { defaultConfig } from '../../server/config.js'
import { RECONNECT_JITTER_MAX_MS, RECONNECT_JITTER_MIN_MS, installJitteredReconnect, jitteredReconnectDelay } from '../../src/sync/relay.js'
import type { ReconnectingProvider } from '../../src/sync/providerAdapter.js'
import { connectClient, newList, tempDir, until } from '../helpers/relayClient.js'

describe('jittered reconnect delay', () => {
  test('spreads clients over the window after 1001 and 1013', () => {
    for (const code of [1001, 1013]) {
      expect(jitteredReconnectDelay(code, () => 0)).toBe(RECONNECT_JITTER_MIN_MS)
      expect(jitteredReconnectDelay(code, () => 0.999999)).toBe(RECONNECT_JITTER_MAX_MS)
      const delays = new Set(Array.from({ length: 50 }, () => jitteredReconnectDelay(code)))
      expect(delays.size).toBeGreaterThan(40)
      for (const delay of delays) {
        expect(delay).toBeGreaterThanOrEqual(RECONNECT_JITTER_MIN_MS)
        expect(delay).toBeLessThanOrEqual(RECONNECT_JITTER_MAX_MS)
      }
    }
  })

  test('leaves other closes to the provider', () => {
    for (const code of [1000, 1006, 4403, 4410, 4529]) expect(jitteredReconnectDelay(code)).toBeNull()
    expect(jitteredReconnectDelay(undefined)).toBeNull()
  })
})

/** A stand-in provider: records listeners and connects. */
function fakeProvider() {
  const listeners = new Set<(event: { code: number } | null) => void>()
  const provider = {
    shouldConnect: true,
    connects: 0,
    connect() {
      this.shouldConnect = true
      this.connects += 1
    },
    on: (_name: string, listener: (event: { code: number } | null) => void) => void listeners.add(listener),
    off: (_name: string, listener: (event: { code: number } | null) => void) => void listeners.delete(listener),
    close: (code: number | null) => listeners.forEach((listener) => listener(code === null ? null : { code })),
  }
  return provider
}

describe('installJitteredReconnect', () => {
  test('a 1001 close stops the immediate retry and reconnects once, after the delay', () => {
    const provider = fakeProvider()
    const scheduled: Array<{ run: () => void; ms: number }> = []
    installJitteredReconnect(provider as ReconnectingProvider, () => 0.5, (run, ms) => scheduled.push({ run, ms }))
    provider.close(1001)
    expect(provider.shouldConnect).toBe(false)
    expect(scheduled.map((s) => s.ms)).toEqual([jitteredReconnectDelay(1001, () => 0.5)])
    scheduled[0]!.run()
    expect(provider.connects).toBe(1)
    expect(provider.shouldConnect).toBe(true)
  })

  test('ordinary closes, a destroyed provider and a removed hook do not reconnect', () => {
    const provider = fakeProvider()
    const scheduled: Array<() => void> = []
    const cancelled: unknown[] = []
    const remove = installJitteredReconnect(provider as ReconnectingProvider, () => 0, (run) => scheduled.push(run), (handle) => cancelled.push(handle))
    provider.close(1006)
    provider.close(null)
    expect(scheduled).toHaveLength(0)
    expect(provider.shouldConnect).toBe(true)
    provider.shouldConnect = false // the provider was disconnected on purpose
    provider.close(1001)
    expect(scheduled).toHaveLength(0)
    provider.shouldConnect = true
    provider.close(1013)
    expect(scheduled).toHaveLength(1)
    remove()
    expect(cancelled).toHaveLength(1)
    scheduled[0]!()
    expect(provider.connects).toBe(0)
  })
})

test('a real client whose relay shuts down waits its jittered delay, then syncs with the restarted relay', async () => {
  const dataDir = tempDir()
  let relay = await startRelay(defaultConfig({ dataDir }))
  const list = await newList()
  const client = await connectClient(relay.url, list.listId, list.secret)
  const scheduled: Array<{ run: () => void; ms: number }> = []
  installJitteredReconnect(client.provider as unknown as ReconnectingProvider, () => 0.25, (run, ms) => scheduled.push({ run, ms }))
  await client.whenSynced()
  client.doc.getMap('papers').set('kept', 'yes')
  await until(() => client.provider.synced, 'written')
  await relay.close()
  await until(() => client.closes.some((c) => c.code === 1001), 'closed with 1001')
  relay = await startRelay(defaultConfig({ dataDir, port: relay.port }))
  try {
    expect(scheduled.map((s) => s.ms)).toEqual([jitteredReconnectDelay(1001, () => 0.25)])
    // the provider's own retry (a few hundred ms) must not reconnect before the delay
    await new Promise((resolve) => setTimeout(resolve, 800))
    expect(client.provider.wsconnected).toBe(false)
    scheduled[0]!.run()
    await client.whenSynced()
    const fresh = await connectClient(relay.url, list.listId, list.secret)
    await until(() => fresh.doc.getMap('papers').get('kept') === 'yes', 'state kept across the restart')
  } finally {
    client.destroy()
    await relay.close()
  }
})
