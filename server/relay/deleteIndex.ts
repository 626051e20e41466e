/**
 * Deleted ranges a room is known to hold, per client, as sorted non-overlapping intervals.
 * Filled from the updates accepted since the room loaded (stored rows are not decoded for
 * it), so that a delete-only update whose ranges are all known is recognised as redundant
 * without merging the room. One that is not recognised is stored once more, which is
 * harmless: merging drops the duplicate ranges.
 */
import type { DeletedRange } from './yjsStructs.js'

/** Known deleted ranges; memory is bounded by the room's stored bytes (each range came from a stored update). */
export class DeleteIndex {
  /** client -> flat sorted `[start, end, start, end, …]`, ranges merged where they touch. */
  private readonly byClient = new Map<number, number[]>()

  /** Whether every range is already known deleted. */
  coversAll(ranges: readonly DeletedRange[]): boolean {
    return ranges.every((range) => this.covers(range))
  }

  /** Records ranges; linear in the ranges given plus those known for their clients. */
  addAll(ranges: readonly DeletedRange[]): void {
    const incoming = new Map<number, number[]>()
    for (const { client, clock, len } of ranges) {
      const list = incoming.get(client)
      if (list) list.push(clock, clock + len)
      else incoming.set(client, [clock, clock + len])
    }
    for (const [client, flat] of incoming) this.byClient.set(client, mergeIntervals(this.byClient.get(client) ?? [], flat))
  }

  private covers({ client, clock, len }: DeletedRange): boolean {
    const known = this.byClient.get(client)
    if (!known) return false
    // last interval starting at or before `clock` (binary search over starts)
    let low = 0
    let high = known.length / 2 - 1
    let found = -1
    while (low <= high) {
      const middle = (low + high) >> 1
      if (known[middle * 2]! <= clock) {
        found = middle
        low = middle + 1
      } else {
        high = middle - 1
      }
    }
    return found >= 0 && known[found * 2 + 1]! >= clock + len
  }
}

/** Union of a sorted merged interval list and an unsorted one, as a sorted merged list. */
function mergeIntervals(known: readonly number[], added: number[]): number[] {
  const pairs: Array<[number, number]> = []
  for (let i = 0; i < added.length; i += 2) pairs.push([added[i]!, added[i + 1]!])
  pairs.sort((a, b) => a[0] - b[0])
  const out: number[] = []
  let k = 0
  let a = 0
  const push = (start: number, end: number) => {
    const last = out.length - 1
    if (last > 0 && start <= out[last]!) out[last] = Math.max(out[last]!, end)
    else out.push(start, end)
  }
  while (k < known.length || a < pairs.length) {
    if (a >= pairs.length || (k < known.length && known[k]! <= pairs[a]![0])) {
      push(known[k]!, known[k + 1]!)
      k += 2
    } else {
      push(pairs[a]![0], pairs[a]![1])
      a += 1
    }
  }
  return out
}
