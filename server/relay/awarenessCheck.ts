/**
 * Structural bounds for awareness (presence) states, checked on the JSON text before it is
 * parsed, with one linear, iterative pass (never recursion over peer data). A state nested
 * thousands deep parses, but throws later when the room re-encodes it for other peers; a
 * state is refused here instead, so the bad message closes only its sender's socket.
 */

/** Client entries one awareness message from a client may carry (a client announces itself, and rarely more). */
export const MAX_AWARENESS_ENTRIES = 16
/** Deepest nesting of objects/arrays in one presence state (the app's state is 1 deep). */
export const MAX_AWARENESS_DEPTH = 16
/** Containers plus separators (roughly: values) in one presence state (the app's state has about 10). */
export const MAX_AWARENESS_NODES = 1000

/** Why a state was refused, or null if it is within bounds. Assumes nothing about the text being valid JSON. */
export function awarenessStateProblem(json: string): string | null {
  let depth = 0
  let nodes = 1
  let inString = false
  // one pass over the text: the loop is bounded by the state's length (itself bounded by the frame)
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i)
    if (inString) {
      if (c === 0x5c) i += 1 // backslash: skip the escaped character
      else if (c === 0x22) inString = false
      continue
    }
    if (c === 0x22) {
      inString = true
    } else if (c === 0x7b || c === 0x5b) {
      depth += 1
      nodes += 1
      if (depth > MAX_AWARENESS_DEPTH) return `presence state nested deeper than ${MAX_AWARENESS_DEPTH}`
    } else if (c === 0x7d || c === 0x5d) {
      depth -= 1
    } else if (c === 0x2c) {
      nodes += 1
    }
    if (nodes > MAX_AWARENESS_NODES) return `presence state has more than ${MAX_AWARENESS_NODES} values`
  }
  return null
}
