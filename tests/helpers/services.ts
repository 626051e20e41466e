/**
 * PostgreSQL and Redis for tests: the ones `npm test` started (`SHORTLIST_TEST_DATABASE_URL`,
 * `SHORTLIST_TEST_REDIS_URL`), or, when a test file runs alone, its own pair started with
 * `scripts/services.mjs` and stopped after the file. A machine without the Debian packages
 * gets an error naming them: these tests fail there, they are never skipped.
 */
import { randomBytes } from 'node:crypto'
import { afterAll } from 'vitest'
// @ts-expect-error: a plain ES module script without types
import { startServices } from '../../scripts/services.mjs'

/** Running services, and (when this file started them) how to stop and restart each. */
export interface TestServices {
  databaseUrl: string
  redisUrl: string
  /** Present when this test file owns the services (fault tests need that). */
  control: {
    stopPostgres(mode?: string): Promise<void>
    startPostgres(): Promise<void>
    stopRedis(): Promise<void>
    startRedis(): Promise<void>
  } | null
}

/** Services shared with the rest of the run when `npm test` started them, else started for this file. */
export async function testServices(options: { own?: boolean } = {}): Promise<TestServices> {
  const databaseUrl = process.env.SHORTLIST_TEST_DATABASE_URL
  const redisUrl = process.env.SHORTLIST_TEST_REDIS_URL
  if (!options.own && databaseUrl && redisUrl) return { databaseUrl, redisUrl, control: null }
  const started = await startServices()
  afterAll(() => started.stop(), 30_000)
  return { databaseUrl: started.databaseUrl, redisUrl: started.redisUrl, control: started }
}

/** A fresh schema name, so each test's tables start empty. */
export const freshSchema = (): string => `t_${randomBytes(6).toString('hex')}`
