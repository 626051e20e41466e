import { createSignal } from 'solid-js'
import type { Accessor } from 'solid-js'

/**
 * When I last looked at a list's activity, per list and per device (localStorage), as a
 * signal so the unread badge clears the moment the feed is opened.
 */
const PREFIX = 'shortlist.lastLooked.'
const signals = new Map<string, [Accessor<number>, (at: number) => void]>()

function read(listId: string, storage: Storage): number | null {
  try {
    const value = Number(storage.getItem(PREFIX + listId))
    return Number.isFinite(value) && value > 0 ? value : null
  } catch {
    return null
  }
}

function write(listId: string, at: number, storage: Storage): void {
  try {
    storage.setItem(PREFIX + listId, String(at))
  } catch {
    // storage full or blocked: the badge just counts from the last value this page knew
  }
}

/**
 * "Last looked" for a list as a signal. The first time a device opens a list it starts from
 * now: a newcomer is not greeted by the whole history as unread.
 */
export function lastLookedAt(listId: string, storage: Storage = localStorage, now: number = Date.now()): Accessor<number> {
  let entry = signals.get(listId)
  if (!entry) {
    let initial = read(listId, storage)
    if (initial === null) {
      initial = now
      write(listId, now, storage)
    }
    const [value, setValue] = createSignal(initial)
    entry = [value, (at) => setValue(at)]
    signals.set(listId, entry)
  }
  return entry[0]
}

/** Records that I looked at a list's activity now. */
export function markLooked(listId: string, at: number = Date.now(), storage: Storage = localStorage): void {
  lastLookedAt(listId, storage, at)
  write(listId, at, storage)
  signals.get(listId)![1](at)
}
