/**
 * Hand-made Yjs updates for relay tests: updates that decode and whose dependencies exist,
 * but that name a wrong parent or have no integration order. Built by decoding a real
 * client's update, changing an item's references, and encoding the items again (V1).
 */
import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'

/** Encodes items as one V1 update (no delete set). Items of one client must be contiguous in clock. */
export function encodeItems(items: Y.Item[]): Uint8Array {
  const byClient = new Map<number, Y.Item[]>()
  for (const item of items) byClient.set(item.id.client, [...(byClient.get(item.id.client) ?? []), item])
  const encoder = new Y.UpdateEncoderV1()
  encoding.writeVarUint(encoder.restEncoder, byClient.size)
  for (const [client, list] of [...byClient].sort(([a], [b]) => b - a)) {
    list.sort((a, b) => a.id.clock - b.id.clock)
    encoding.writeVarUint(encoder.restEncoder, list.length)
    encoder.writeClient(client)
    encoding.writeVarUint(encoder.restEncoder, list[0]!.id.clock)
    for (const item of list) item.write(encoder, 0)
  }
  encoding.writeVarUint(encoder.restEncoder, 0)
  return encoder.toUint8Array()
}

/** The items of an update, decoded (no GC or skip structs expected). */
export function itemsOf(update: Uint8Array): Y.Item[] {
  return Y.decodeUpdate(update).structs.filter((s): s is Y.Item => s instanceof Y.Item)
}

/** Items `[map, entry]`: a nested Y.Map under root `nest` and a key set inside it, from client `client`. */
function nestedMapItems(client: number): [Y.Item, Y.Item] {
  const doc = new Y.Doc()
  doc.clientID = client
  const inner = new Y.Map<string>()
  doc.getMap('nest').set('inner', inner)
  inner.set('k', 'v')
  const [map, entry] = itemsOf(Y.encodeStateAsUpdate(doc))
  return [map!, entry!]
}

/** An update whose one item names `parent` (an existing string item in the room) as its parent. */
export function updateWithStringParent(parent: Y.ID): Uint8Array {
  const doc = new Y.Doc()
  doc.clientID = 0x5eed
  doc.getMap('nest').set('k', 'v')
  const [entry] = itemsOf(Y.encodeStateAsUpdate(doc)) as [Y.Item]
  entry.parent = parent
  return encodeItems([entry])
}

/**
 * An update from one client whose first item overwrites a key the room holds (so it depends on
 * the room and cannot integrate in an empty document), and whose last-but-one item names the
 * client's own later item as its parent: a client holding the room throws while integrating it.
 */
export function updateWithForwardParent(room: Y.Doc): Uint8Array {
  const doc = new Y.Doc()
  doc.clientID = 0xf0f0
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(room))
  const before = Y.encodeStateVector(doc)
  doc.transact(() => {
    const key = [...doc.getMap('papers').keys()][0] ?? 'before'
    doc.getMap('papers').set(key, 'overwritten')
    const first = new Y.Map<string>()
    const second = new Y.Map<string>()
    doc.getMap('nest').set('first', first)
    doc.getMap('nest').set('second', second)
  })
  const items = itemsOf(Y.encodeStateAsUpdate(doc, before))
  const [overwrite, first, second] = items as [Y.Item, Y.Item, Y.Item]
  // `first` now claims to live inside `second`, which comes after it.
  first.parent = second.id
  first.parentSub = 'first'
  return encodeItems([overwrite, first, second])
}

/** Two nested maps from two clients, each naming the other as its parent: a cycle. */
export function updateWithParentCycle(): Uint8Array {
  const [a] = nestedMapItems(0xa)
  const [b] = nestedMapItems(0xb)
  a.parent = b.id
  b.parent = a.id
  return encodeItems([a, b])
}

/**
 * A chain of `clients` one-item clients under root array `chain`: the item of client `n - k`
 * is inserted after (its origin is) the item of client `n - k - 1`, and the update lists the
 * clients from `n` down to 1, so every item comes before the item it depends on (reverse
 * dependency order). About 10 bytes per client. A check that places one struct per pass over
 * the update takes `clients`² steps on it. `closed` makes the chain a cycle (no order exists).
 */
export function reverseDependencyChain(clients: number, options: { closed?: boolean; firstClient?: number } = {}): Uint8Array {
  const first = options.firstClient ?? 1
  const items: Y.Item[] = []
  for (let client = first; client < first + clients; client++) {
    // `closed`: the first item is inserted after the last one, so the chain is a cycle
    const origin = client === first ? (options.closed ? Y.createID(first + clients - 1, 0) : null) : Y.createID(client - 1, 0)
    const item = new Y.Item(Y.createID(client, 0), null, origin, null, null, null, null, new Y.ContentAny([0]))
    // an item with no origin names its parent: the root array `chain`
    if (origin === null) item.parent = 'chain' as never
    items.push(item)
  }
  return encodeItems(items)
}

/** The chain of `reverseDependencyChain` with as many clients as fit in `bytes`. */
export function reverseDependencyChainOfSize(bytes: number): Uint8Array {
  const perClient = reverseDependencyChain(1000).length / 1000
  let clients = Math.floor(bytes / perClient)
  let update = reverseDependencyChain(clients)
  while (update.length > bytes) update = reverseDependencyChain((clients = Math.floor(clients * 0.99)))
  return update
}

/** Successive updates of one client, each a map entry: a writer's stream of small, valid updates. */
export function successiveEdits(count: number): Uint8Array[] {
  const doc = new Y.Doc()
  const out: Uint8Array[] = []
  doc.on('update', (update: Uint8Array) => out.push(update))
  for (let i = 0; i < count; i++) doc.getMap('papers').set(`p${i}`, i)
  return out
}
