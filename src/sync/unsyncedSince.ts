/**
 * Since when this device has held changes the relay has not confirmed, per list, kept in
 * localStorage so the time survives reloads and restarts. The list header warns once the
 * wait passes a day: a phone that never reaches the relay must not lose a week of work to
 * a browser clearing its storage without anyone noticing.
 */

/** After this long unconfirmed, the list header warns. */
export const UNSYNCED_WARN_AFTER_MS = 24 * 60 * 60 * 1000

/** localStorage key of a list's "unsynced since" time. */
export const unsyncedSinceKey = (listId: string): string => `shortlist.unsyncedSince.${listId}`

/**
 * Records the current `unsynced` state of a list and returns since when it has been
 * unsynced (ms since the epoch), or null when everything is on the relay. The first
 * unsynced moment is kept until the relay confirms everything.
 */
export function noteUnsynced(listId: string, unsynced: boolean, now: number = Date.now(), storage: Storage | null = globalThis.localStorage ?? null): number | null {
  const key = unsyncedSinceKey(listId)
  try {
    if (!unsynced) {
      storage?.removeItem(key)
      return null
    }
    const stored = Number(storage?.getItem(key))
    if (Number.isFinite(stored) && stored > 0 && stored <= now) return stored
    storage?.setItem(key, String(now))
  } catch {
    // storage refused: the warning counts from now for this session
  }
  return now
}

/** Whether changes unconfirmed since `since` have waited long enough to warn about. */
export const waitedTooLong = (since: number | null, now: number = Date.now()): boolean =>
  since !== null && now - since > UNSYNCED_WARN_AFTER_MS
