/**
 * In-memory replicas of one list that exchange Yjs updates through a hostile network:
 * messages arrive out of order, twice, or not at all until the partition heals and the
 * replicas resync by state vector (as a reconnecting provider does).
 */
import * as Y from 'yjs'

/** Deterministic pseudo-random numbers (mulberry32), so a failing seed replays exactly. */
export function createRng(seed: number) {
  let state = seed >>> 0
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    next,
    int: (max: number): number => Math.floor(next() * max),
    bool: (p = 0.5): boolean => next() < p,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new Error('pick from an empty list')
      return items[Math.floor(next() * items.length)]!
    },
  }
}
export type Rng = ReturnType<typeof createRng>

interface Message {
  to: number
  update: Uint8Array
}

/** Origin of updates applied from the network, so they are not re-broadcast. */
const REMOTE = Symbol('remote')

/** A network of `replicas` docs; every local update is queued for every other replica. */
export function createTestNetwork(options: { replicas: number; seed: number }) {
  const rng = createRng(options.seed)
  const docs = Array.from({ length: options.replicas }, () => new Y.Doc())
  const inbox: Message[] = []
  /** Messages dropped in transit; `resendDropped` puts them back, as a retransmit would. */
  const lost: Message[] = []
  /** Replica index -> cut off from everyone while true. */
  const partitioned = new Set<number>()

  docs.forEach((doc, from) => {
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === REMOTE) return
      for (let to = 0; to < docs.length; to++) {
        if (to === from) continue
        // Across a partition the message is lost until resent or recovered by resync.
        if (partitioned.has(from) || partitioned.has(to)) lost.push({ to, update })
        else inbox.push({ to, update })
      }
    })
  })

  const apply = (message: Message) => Y.applyUpdate(docs[message.to]!, message.update, REMOTE)

  return {
    rng,
    docs,
    randomIndex: (): number => rng.int(docs.length),
    /** Delivers one random queued message (out of order); sometimes delivers it twice. */
    deliverRandom(): void {
      if (inbox.length === 0) return
      const [message] = inbox.splice(rng.int(inbox.length), 1)
      apply(message!)
      if (rng.bool(0.15)) apply(message!)
    },
    /** Drops one random queued message in transit. */
    dropRandom(): void {
      if (inbox.length > 0) lost.push(...inbox.splice(rng.int(inbox.length), 1))
    },
    /** Re-queues some dropped messages, late and out of order, as a retransmit would. */
    resendDropped(): void {
      const count = rng.int(lost.length + 1)
      for (let i = 0; i < count; i++) inbox.push(...lost.splice(rng.int(lost.length), 1))
    },
    /** Cuts one replica off, or heals one that was cut off. */
    togglePartition(): void {
      const index = rng.int(docs.length)
      if (partitioned.has(index)) partitioned.delete(index)
      else partitioned.add(index)
    },
    /** Heals every partition, delivers what is queued in random order, then resyncs pairwise. */
    settle(): void {
      partitioned.clear()
      lost.length = 0
      while (inbox.length > 0) this.deliverRandom()
      for (let round = 0; round < 2; round++) {
        for (const a of docs) {
          for (const b of docs) {
            if (a === b) continue
            Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)), REMOTE)
          }
        }
      }
    },
    pending: (): number => inbox.length,
  }
}
