import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, onTestFinished, test } from 'vitest'
import { defaultConfig } from '../../../server/config.js'
import { createLookupRoute, openLookupDatabase } from '../../../server/lookup/index.js'
import type { LookupResponse } from '../../../server/lookup/index.js'
import { startRelay } from '../../../server/server.js'
import { makeFixtureFetch, makeTestClock } from './fixtureFetch.js'

test('mounted on the relay as an extra route, /api/lookup answers and /healthz still does', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lookup-mount-'))
  const clock = makeTestClock()
  const upstream = makeFixtureFetch({}, clock.now)
  const db = openLookupDatabase(join(dir, 'lookup-cache.sqlite'))
  const lookup = createLookupRoute({ db, fetch: upstream.fetch, now: clock.now, sleep: clock.sleep })
  const relay = await startRelay(defaultConfig({ dataDir: join(dir, 'data'), routes: [lookup.handle] }))
  onTestFinished(async () => {
    lookup.close()
    await relay.close()
    db.close()
    rmSync(dir, { recursive: true, force: true })
  })
  const response = await fetch(`${relay.url}/api/lookup?ids=arXiv:2106.09685,doi:10.1145/3442188.3445922`)
  expect(response.status).toBe(200)
  const body = (await response.json()) as LookupResponse
  expect(body.results['arXiv:2106.09685']).toMatchObject({ ok: true, paper: { codeUrl: 'https://github.com/microsoft/LoRA' } })
  expect(body.results['doi:10.1145/3442188.3445922']?.ok).toBe(true)
  expect((await fetch(`${relay.url}/healthz`)).status).toBe(200)
})
