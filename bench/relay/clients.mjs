/**
 * Real y-websocket clients for the benchmark: one `WebsocketProvider` over `ws` per simulated
 * device, plus the room naming and access material each relay kind expects.
 */
import * as Y from 'yjs'
import WS from 'ws'
import { WebsocketProvider } from 'y-websocket'
import { pathToFileURL } from 'node:url'
import path from 'node:path'

/** Loads the compiled document model and access helpers from the build folder. */
export async function loadBuild(buildDir) {
  const doc = await import(pathToFileURL(path.join(buildDir, 'src/doc/index.js')).href)
  const access = await import(pathToFileURL(path.join(buildDir, 'src/sync/access.js')).href)
  return { doc, access }
}

/**
 * Makes a room for a target: a fresh secret and the list id derived from it and, for a relay
 * that checks access, the subprotocols of that secret's writer (who alone can claim the room).
 */
export async function newRoom(build, target) {
  const { listId, fragment } = await build.access.newListLink()
  if (!target.auth) return { listId, protocols: [] }
  return { listId, protocols: await build.access.accessProtocols(build.access.parseFragment(fragment)) }
}

/** Connections opened so far: a cluster target (`urls`) gets them round-robin over its relays. */
let opened = 0

/**
 * Opens one client on `room` at `target`; `doc` may carry state to upload. A cluster target
 * has `urls` (one per relay): clients go to them in turn, and each client notes its `relay`.
 */
export function connect(target, room, doc = new Y.Doc()) {
  const relay = target.urls ? opened++ % target.urls.length : 0
  const url = target.urls ? target.urls[relay] : target.url
  const provider = new WebsocketProvider(url.replace(/^http/, 'ws') + target.prefix, room.listId, doc, {
    WebSocketPolyfill: WS,
    disableBc: true,
    protocols: room.protocols,
    maxBackoffTime: 1000,
  })
  return { doc, provider, relay }
}

/** Resolves when the provider reports `synced`, rejects after `timeoutMs`. */
export function whenSynced(provider, timeoutMs = 30_000) {
  if (provider.synced) return Promise.resolve()
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not synced within ${timeoutMs} ms (${provider.roomname})`)), timeoutMs)
    const onSync = (synced) => {
      if (!synced) return
      clearTimeout(timer)
      provider.off('sync', onSync)
      resolve()
    }
    provider.on('sync', onSync)
  })
}

/** Connects one client per spec, `batch` at a time (each batch synced before the next), so handshakes do not arrive as one storm. */
export async function connectMany(specs, batch = 50) {
  const clients = []
  for (let start = 0; start < specs.length; start += batch) {
    const opened = specs.slice(start, start + batch).map(({ target, room, doc }) => connect(target, room, doc))
    await Promise.all(opened.map((client) => whenSynced(client.provider)))
    clients.push(...opened)
  }
  return clients
}

/** Closes clients and their documents. */
export function closeAll(clients) {
  for (const { provider, doc } of clients) {
    provider.destroy()
    doc.destroy()
  }
}
