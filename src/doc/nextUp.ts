/**
 * What "next up" says about the vote standing: nothing queued, no votes yet (then no paper is
 * recommended), or the leading paper with the papers tied with it and the rule that broke
 * the tie. Pure: it reads the top of the ranked queue (`compareRank` order) and nothing else,
 * so every device says the same.
 */
import type { PaperId } from './ids.js'
import type { RankKey } from './queries.js'

/** Most tied papers looked at (and named) past the leader; the rest of a bigger tie is counted as "more". */
export const MAX_TIED_SCANNED = 50

/** Which step of the ranking rule put the leader ahead of the papers tied with it on votes. */
export type TieBreak = 'addedEarlier' | 'idOrder'

/** The standing of the vote, as the "what's next" card tells it. */
export type NextUpStanding =
  | { kind: 'empty' }
  | { kind: 'noVotes'; queued: number }
  | {
      kind: 'leading'
      id: PaperId
      votes: number
      /** Papers with as many votes as the leader, in rank order (at most `MAX_TIED_SCANNED`). */
      tiedWith: PaperId[]
      /** True when more papers are tied than `tiedWith` names. */
      moreTied: boolean
      /** Null when nothing is tied. */
      tieBreak: TieBreak | null
    }

/**
 * The standing from the ranked queue (best first, as `compareRank` orders it). Reads at most
 * `MAX_TIED_SCANNED + 2` entries. A leader with no votes is not a recommendation: the
 * standing is then `noVotes`.
 */
export function nextUpStanding(ranked: readonly RankKey[]): NextUpStanding {
  const leader = ranked[0]
  if (!leader) return { kind: 'empty' }
  if (leader.votes <= 0) return { kind: 'noVotes', queued: ranked.length }
  const tiedWith: PaperId[] = []
  let at = 1
  for (; at < ranked.length && at <= MAX_TIED_SCANNED; at++) {
    const next = ranked[at]!
    if (next.votes !== leader.votes) break
    tiedWith.push(next.id)
  }
  const moreTied = at <= MAX_TIED_SCANNED ? false : ranked[at]?.votes === leader.votes
  const runnerUp = ranked[1]
  // the ranking rule: most votes, then oldest added, then id; the first tied paper shows which step decided
  const tieBreak: TieBreak | null = !tiedWith.length ? null : runnerUp!.addedAt !== leader.addedAt ? 'addedEarlier' : 'idOrder'
  return { kind: 'leading', id: leader.id, votes: leader.votes, tiedWith, moreTied, tieBreak }
}

/** The sentence for a tie break: why the leader is first among equals. */
export function tieBreakText(tieBreak: TieBreak): string {
  return tieBreak === 'addedEarlier' ? 'it was added first' : 'added at the same moment, its identifier sorts first'
}
