import type { RelayStorage, RoomAccess } from './storage.js'

/** In-memory storage for tests and `dataDir: null`: same contract, nothing survives the process. */
export function openMemoryStorage(): RelayStorage {
  const access = new Map<string, RoomAccess>()
  const rows = new Map<string, Uint8Array[]>()
  const frozen = new Set<string>()
  const deleted = new Set<string>()
  const states = new Map<string, { row: Uint8Array; stateVector: Uint8Array }>()
  let open = true
  let totalBytes = 0
  return {
    getAccess: (room) => access.get(room) ?? null,
    claim(room, hashes) {
      if (access.has(room)) return false
      access.set(room, { ...hashes })
      return true
    },
    freeze(room) {
      if (!access.has(room)) return false
      frozen.add(room)
      return true
    },
    isFrozen: (room) => frozen.has(room),
    deleteRoom(room) {
      if (!access.has(room)) return false
      deleted.add(room)
      for (const old of rows.get(room) ?? []) totalBytes -= old.length
      rows.delete(room)
      states.delete(room)
      return true
    },
    isDeleted: (room) => deleted.has(room),
    loadUpdates: (room) => [...(rows.get(room) ?? [])],
    appendUpdate(room, update) {
      const list = rows.get(room) ?? []
      list.push(update.slice())
      rows.set(room, list)
      totalBytes += update.length
    },
    appendUpdates(batch) {
      for (const { room, update } of batch) {
        const list = rows.get(room) ?? []
        list.push(update.slice())
        rows.set(room, list)
        totalBytes += update.length
      }
    },
    replaceUpdates(room, merged, stateVector) {
      const row = merged.slice()
      for (const old of rows.get(room) ?? []) totalBytes -= old.length
      totalBytes += row.length
      rows.set(room, [row])
      if (stateVector) states.set(room, { row, stateVector: stateVector.slice() })
      else states.delete(room)
    },
    replaceLastUpdates(room, count, merged, stateVector) {
      const list = rows.get(room) ?? []
      const row = merged.slice()
      for (const old of list.splice(Math.max(0, list.length - count), count, row)) totalBytes -= old.length
      totalBytes += row.length
      rows.set(room, list)
      if (stateVector) states.set(room, { row, stateVector: stateVector.slice() })
    },
    loadStateVectorThrough(room) {
      const state = states.get(room)
      const at = state ? (rows.get(room) ?? []).indexOf(state.row) : -1
      return state && at >= 0 ? { rows: at + 1, stateVector: state.stateVector.slice() } : null
    },
    loadCompactedStateVector(room) {
      const state = states.get(room)
      return state && rows.get(room)?.[0] === state.row ? state.stateVector.slice() : null
    },
    isReady: () => open,
    storedBytes: () => totalBytes,
    close() {
      open = false
    },
  }
}
