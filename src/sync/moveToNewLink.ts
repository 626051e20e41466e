/**
 * The whole "Move to a new link" action, as the share dialog runs it: copy the list into a
 * new list on this device, put the copy on the relay (which claims the new room), check that
 * the relay holds all of it, and only then freeze the old room and remember the new list.
 *
 * If any step before the freeze fails, the old list is untouched and still the one in use
 * (at worst an unused new room exists on the relay). The freeze is the last step that can
 * fail; after it, the old link only reads.
 *
 * A list made before list ids were derived from the write secret, that never reached the
 * relay, can no longer be created there (the relay refuses it to everyone). Moving is how it
 * gets onto the relay: its old room does not exist, so when the relay refuses to freeze it
 * the move goes ahead; the same holds if someone else claimed that old room first.
 */
import * as Y from 'yjs'
import { readMeta } from '../doc/index.js'
import { listIdMatchesSecret, parseFragment, type ListAccess } from './access.js'
import { lookupBaseUrl } from './relayHttpBase.js'
import type { Identity } from './identity.js'
import { rememberList } from './lists.js'
import { openLocalStore } from './localStore.js'
import { FreezeError, freezeRoom, moveList } from './moveList.js'
import { connectRelay, type RelayConnection } from './relay.js'
import { covers } from './relayKnowledge.js'


/** What `moveToNewLink` needs. */
export interface MoveToNewLinkOptions {
  /** The open list's document and where it lives. */
  doc: Y.Doc
  listId: string
  access: ListAccess
  syncUrl: string
  identity: Identity
  /** How long the relay may take to hold the copy. Default 20 s. */
  timeoutMs?: number
  /** Overrides for tests in Node. */
  WebSocketPolyfill?: typeof WebSocket
  fetchImpl?: typeof fetch
  storage?: Storage
}

/** The new list after a move. */
export interface NewLink {
  listId: string
  /** The new write secret: the new share link is `/l/<listId>#<fragment>`. */
  fragment: string
}

function whenRelayHolds(connection: RelayConnection, copy: Y.Doc, expected: Y.Doc, timeoutMs: number): Promise<void> {
  const want = Y.decodeStateVector(Y.encodeStateVector(expected))
  return new Promise((resolve, reject) => {
    const check = () => {
      if (!connection.provider.synced || !covers(Y.decodeStateVector(Y.encodeStateVector(copy)), want)) return
      done()
      resolve()
    }
    const timer = setTimeout(() => {
      done()
      reject(new Error('The relay did not take the new list in time. Nothing was moved; try again.'))
    }, timeoutMs)
    const done = () => {
      clearTimeout(timer)
      copy.off('update', check)
      connection.provider.off('sync', check)
    }
    copy.on('update', check)
    connection.provider.on('sync', check)
    check()
  })
}

/**
 * Freezes the old room. For a list whose id was not derived from its secret, a refusal (403)
 * means this link does not own that room (never created, or claimed by someone else before
 * claims had to prove the secret): there is nothing this link could freeze, so the move goes on.
 */
async function freezeOldRoom(options: MoveToNewLinkOptions): Promise<void> {
  try {
    await freezeRoom(lookupBaseUrl(options.syncUrl), options.listId, options.access, options.fetchImpl)
  } catch (error) {
    const refused = error instanceof FreezeError && error.status === 403
    if (!refused || (await listIdMatchesSecret(options.listId, options.access)) !== false) throw error
  }
}

/**
 * Moves the list to a new link (write links only) and returns the new list. Throws with a
 * sentence to show if it could not; then nothing changed for the old list.
 */
export async function moveToNewLink(options: MoveToNewLinkOptions): Promise<NewLink> {
  if (options.access.readOnly) throw new Error('Only someone with the edit link can move this list.')
  const timeoutMs = options.timeoutMs ?? 20_000
  const moved = await moveList(options.doc)
  const access = parseFragment(moved.fragment)
  if (!access) throw new Error('Could not make a new link.')
  const store = openLocalStore(moved.listId, moved.doc)
  const polyfill = options.WebSocketPolyfill ? { WebSocketPolyfill: options.WebSocketPolyfill } : {}
  let writer: RelayConnection | null = null
  let checker: RelayConnection | null = null
  const checkDoc = new Y.Doc()
  try {
    await store.whenLoaded
    writer = await connectRelay({ syncUrl: options.syncUrl, listId: moved.listId, doc: moved.doc, access, identity: options.identity, ...polyfill })
    await whenRelayHolds(writer, moved.doc, moved.doc, timeoutMs)
    // a second, empty replica proves the relay stored the whole copy, not just that it answered
    checker = await connectRelay({ syncUrl: options.syncUrl, listId: moved.listId, doc: checkDoc, access, identity: options.identity, ...polyfill })
    await whenRelayHolds(checker, checkDoc, moved.doc, timeoutMs)
    await freezeOldRoom(options)
  } catch (error) {
    throw error instanceof Error && !(error instanceof FreezeError) ? error : new Error('The relay did not freeze the old link, so nothing was moved. Try again when online.')
  } finally {
    checker?.destroy()
    writer?.destroy()
    checkDoc.destroy()
    await store.destroy()
  }
  rememberList({ id: moved.listId, fragment: moved.fragment, name: readMeta(moved.doc).name }, options.storage)
  return { listId: moved.listId, fragment: moved.fragment }
}
