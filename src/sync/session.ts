/**
 * One open list: its Y.Doc, its device copy, its relay connection and its sync status,
 * opened in the order the app depends on: local load first, relay after.
 */
import { createSignal } from 'solid-js'
import type { Accessor } from 'solid-js'
import * as Y from 'yjs'
import type { ListAccess } from './access.js'
import type { Identity } from './identity.js'
import type { PendingFiller } from './fillPending.js'
import { openLocalStore } from './localStore.js'
import type { RelayConnection } from './relay.js'
import { stopReasonFor, trackSyncStatus } from './status.js'
import { findList, markListDeleted } from './lists.js'
import type { SyncStatus } from './status.js'
import { lookupBaseUrl } from './relayHttpBase.js'

/** An open list. */
export interface ListSession {
  listId: string
  access: ListAccess
  doc: Y.Doc
  /** Base websocket URL of the relay's sync endpoint (its HTTP API is on the same host). */
  syncUrl: string
  status: SyncStatus
  /** Resolves once the device copy is applied; rejects with a LocalStoreError. */
  whenLoaded: Promise<void>
  /** The relay connection, once `connect` made it. */
  relay: Accessor<RelayConnection | null>
  /** Set once the relay said a writer deleted this list for everyone (remembered on this device). */
  deleted: Accessor<boolean>
  /** A storage problem found after loading (e.g. the disk is full), as a sentence. */
  storageProblem: Accessor<string | null>
  /** Connects to the relay; call after `whenLoaded`, so the first exchange sends what the device holds. */
  connect(): Promise<void>
  destroy(): void
}

/** Opens a list's doc and device copy. The relay is connected separately with `connect`. */
export function openListSession(options: { listId: string; access: ListAccess; identity: Identity; syncUrl: string }): ListSession {
  const doc = new Y.Doc()
  // Status tracking listens to every update; it starts once the device copy is applied, so
  // loading a long list is not re-encoded as one huge update event (it reads the doc as loaded).
  let tracked: SyncStatus | null = null
  const status = (): SyncStatus => (tracked ??= trackSyncStatus(doc, options.listId))
  const [relay, setRelay] = createSignal<RelayConnection | null>(null)
  const [storageProblem, setStorageProblem] = createSignal<string | null>(null)
  const [deleted, setDeleted] = createSignal(globalThis.localStorage ? !!findList(options.listId)?.deletedAt : false)
  const onClosed = (event: { code: number } | null) => {
    if (stopReasonFor(event?.code) !== 'deleted') return
    if (globalThis.localStorage) markListDeleted(options.listId)
    setDeleted(true)
  }
  const store = openLocalStore(options.listId, doc, (error) => setStorageProblem(error.message))
  const whenLoaded = store.whenLoaded.then(() => void status())
  let destroyed = false
  let filler: PendingFiller | null = null
  return {
    listId: options.listId,
    access: options.access,
    doc,
    syncUrl: options.syncUrl,
    get status() {
      return status()
    },
    whenLoaded,
    relay,
    deleted,
    storageProblem,
    async connect() {
      if (relay() || destroyed) return
      // the relay's code (y-websocket, presence, frame splitting) loads after the list's first paint
      const { connectRelay } = await import('./relay.js')
      if (relay() || destroyed) return
      const connection = await connectRelay({ syncUrl: options.syncUrl, listId: options.listId, doc, access: options.access, identity: options.identity })
      if (destroyed) return connection.destroy()
      status().attach(connection.provider, connection.traffic)
      connection.provider.on('closed', onClosed)
      setRelay(connection)
      // papers added by id alone get their details from the relay's lookup; a reader cannot write them
      if (!options.access.readOnly) {
        const { makeHttpCitations, makeHttpLookup, startFillingPending } = await import('./fillPending.js')
        if (destroyed) return
        const relayHttp = lookupBaseUrl(options.syncUrl)
        filler = startFillingPending(doc, {
          lookup: makeHttpLookup(relayHttp),
          citations: makeHttpCitations(relayHttp),
          isOnline: () => status().connection() === 'synced',
          onOnlineChange: (listener) => {
            connection.provider.on('sync', listener)
            return () => connection.provider.off('sync', listener)
          },
        })
      }
    },
    destroy() {
      destroyed = true
      filler?.destroy()
      relay()?.destroy()
      tracked?.destroy()
      void store.destroy().finally(() => doc.destroy())
    },
  }
}
