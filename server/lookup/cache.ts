/**
 * The lookup cache: one SQLite row per normalised id with the answer and when it expires.
 * Found papers are kept for long (metadata rarely changes); "not found" only briefly, since a
 * paper announced an hour ago may be there now. Transient failures are never stored.
 */
import type Database from 'better-sqlite3'
import type { LookupAnswer } from '../../src/protocol/lookup.js'

/** How long answers stay fresh. */
export interface CacheTtl {
  /** A paper found upstream. Default 30 days. */
  foundMs: number
  /** An id upstream does not know. Default 1 hour. */
  missingMs: number
}

/** Default lifetimes (see `CacheTtl`). */
export const DEFAULT_TTL: CacheTtl = { foundMs: 30 * 24 * 3600_000, missingMs: 3600_000 }

/**
 * Reads and writes cached answers by lookup key (`arxiv:…`, `doi:…`). `getJson`/`putJson` are
 * the keyed entries with an expiry underneath; the title, citation and feed caches use them
 * with their own key prefixes (`title:`, `citations:`, `feed:`) and lifetimes, in the same table.
 */
export interface LookupCache {
  get(key: string): LookupAnswer | null
  put(key: string, answer: LookupAnswer): void
  /** A stored value that has not expired, or null. */
  getJson(key: string): unknown
  /** Stores `value` (JSON-serialisable) for `ttlMs`. */
  putJson(key: string, value: unknown, ttlMs: number): void
}

/**
 * Where cached answers are kept when not in a SQLite database of their own: the relay's
 * shared storage (`RelayStorage.lookupCache`, PostgreSQL), so relays share one cache.
 */
export interface LookupCacheStore {
  getCached(key: string): { answer: string; expiresAt: number } | null
  putCached(key: string, answer: string, expiresAt: number): void
  /** Drops answers that expired before `now`. */
  pruneCached(now: number): void
}

/** Creates the cache table in `db` (or uses the given store) if missing, drops expired rows, and returns the accessors. */
export function openLookupCache(db: Database.Database | LookupCacheStore, now: () => number, ttl: CacheTtl = DEFAULT_TTL): LookupCache {
  const rows = 'getCached' in db ? db : sqliteCacheStore(db)
  rows.pruneCached(now())
  const getJson = (key: string): unknown => {
    const row = rows.getCached(key)
    if (!row || row.expiresAt <= now()) return null
    try {
      return JSON.parse(row.answer) as unknown
    } catch {
      return null
    }
  }
  const putJson = (key: string, value: unknown, ttlMs: number): void => {
    rows.putCached(key, JSON.stringify(value), now() + ttlMs)
  }
  return {
    getJson,
    putJson,
    get(key) {
      const answer = getJson(key) as LookupAnswer | null
      return answer && typeof answer === 'object' && typeof answer.ok === 'boolean' ? answer : null
    },
    put(key, answer) {
      if (!answer.ok && answer.transient) return
      putJson(key, answer, answer.ok ? ttl.foundMs : ttl.missingMs)
    },
  }
}

/** The cache table in a SQLite database. */
function sqliteCacheStore(db: Database.Database): LookupCacheStore {
  db.exec(`
    CREATE TABLE IF NOT EXISTS lookup_cache (
      key TEXT PRIMARY KEY,
      answer TEXT NOT NULL,
      expires_at INTEGER NOT NULL
    ) STRICT;
  `)
  const select = db.prepare<[string], { answer: string; expires_at: number }>('SELECT answer, expires_at FROM lookup_cache WHERE key = ?')
  const upsert = db.prepare('INSERT INTO lookup_cache (key, answer, expires_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET answer = excluded.answer, expires_at = excluded.expires_at')
  const prune = db.prepare('DELETE FROM lookup_cache WHERE expires_at <= ?')
  return {
    getCached(key) {
      const row = select.get(key)
      return row ? { answer: row.answer, expiresAt: row.expires_at } : null
    },
    putCached(key, answer, expiresAt) {
      upsert.run(key, answer, expiresAt)
    },
    pruneCached(at) {
      prune.run(at)
    },
  }
}
