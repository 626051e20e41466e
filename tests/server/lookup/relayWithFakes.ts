/**
 * A real relay on port 0 with the lookup and feeds routes mounted, every upstream pointed at
 * a fresh `startFakeUpstreams` server, and a SQLite cache file in a temporary folder.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { onTestFinished } from 'vitest'
import { defaultConfig } from '../../../server/config.js'
import { createFeedsRoute } from '../../../server/feeds/index.js'
import type { FeedsRouteOptions } from '../../../server/feeds/index.js'
import { createLookupRoute, openLookupDatabase } from '../../../server/lookup/index.js'
import type { LookupRouteOptions } from '../../../server/lookup/index.js'
import { startRelay } from '../../../server/server.js'
import { routeUrl, TITLE_LOOKUP_PATH } from '../../../src/protocol/routes.js'
import { startFakeUpstreams } from './fakeUpstreams.js'
import type { FakeOptions } from './fakeUpstreams.js'

/** Starts the fake upstreams and a relay using them; everything stops when the test finishes. */
export async function startRelayWithFakes(
  fakeOptions: FakeOptions = {},
  lookupOptions: Partial<LookupRouteOptions> = {},
  feedOptions: Partial<FeedsRouteOptions> = {},
) {
  const dir = mkdtempSync(join(tmpdir(), 'lookup-fakes-'))
  const fake = await startFakeUpstreams(fakeOptions)
  const db = openLookupDatabase(join(dir, 'lookup-cache.sqlite'))
  const lookup = createLookupRoute({ db, upstreams: fake.bases, arxivIntervalMs: 100, citationIntervalMs: 10, ...lookupOptions })
  const feeds = createFeedsRoute({ cache: lookup.cache, upstreams: fake.bases, arxivIntervalMs: 50, hfIntervalMs: 10, refreshMs: 0, ...feedOptions })
  const relay = await startRelay(defaultConfig({ dataDir: join(dir, 'data'), routes: [lookup.handle, feeds.handle] }))
  onTestFinished(async () => {
    lookup.close()
    feeds.close()
    await relay.close()
    await fake.close()
    db.close()
    rmSync(dir, { recursive: true, force: true })
  })
  const postTitles = (titles: unknown) =>
    fetch(routeUrl(relay.url, TITLE_LOOKUP_PATH), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(titles) })
  return { relay, fake, lookup, feeds, db, postTitles }
}
