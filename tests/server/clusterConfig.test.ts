/**
 * The store and fan-out settings: the default stays SQLite in one process; PostgreSQL alone
 * or with Redis is accepted; every other combination stops the relay at start with a message
 * naming the variable.
 */
import { describe, expect, test } from 'vitest'
import { configFromEnv } from '../../server/config.js'

const DB = 'postgres://shortlist@127.0.0.1:5432/shortlist'
const REDIS = 'redis://127.0.0.1:6379'

describe('SHORTLIST_DATABASE_URL and SHORTLIST_REDIS_URL', () => {
  test('unset: SQLite in the data folder, no fan-out (the default of npm start)', () => {
    const config = configFromEnv({})
    expect(config.databaseUrl).toBeNull()
    expect(config.redisUrl).toBeNull()
    expect(config.dataDir).toBe('./data')
  })

  test('the database alone, and the database with Redis, are accepted', () => {
    expect(configFromEnv({ SHORTLIST_DATABASE_URL: DB })).toMatchObject({ databaseUrl: DB, redisUrl: null })
    expect(configFromEnv({ SHORTLIST_DATABASE_URL: DB, SHORTLIST_REDIS_URL: REDIS })).toMatchObject({ databaseUrl: DB, redisUrl: REDIS })
    expect(configFromEnv({ SHORTLIST_DATABASE_URL: 'postgresql://u:p@db/x', SHORTLIST_REDIS_URL: 'rediss://cache:6380' }).redisUrl).toBe('rediss://cache:6380')
  })

  test('Redis without the database fails fast, naming both variables', () => {
    expect(() => configFromEnv({ SHORTLIST_REDIS_URL: REDIS })).toThrow(/SHORTLIST_REDIS_URL needs SHORTLIST_DATABASE_URL/)
  })

  test('malformed URLs and SQLite settings beside the database fail fast', () => {
    expect(() => configFromEnv({ SHORTLIST_DATABASE_URL: 'mysql://x' })).toThrow(/SHORTLIST_DATABASE_URL must be a PostgreSQL URL/)
    expect(() => configFromEnv({ SHORTLIST_DATABASE_URL: DB, SHORTLIST_REDIS_URL: 'http://cache' })).toThrow(/SHORTLIST_REDIS_URL must be a Redis URL/)
    expect(() => configFromEnv({ SHORTLIST_DATABASE_URL: DB, SHORTLIST_SQLITE_SYNC: 'FULL' })).toThrow(/SHORTLIST_SQLITE_SYNC applies to SQLite only/)
  })
})
