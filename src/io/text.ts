/**
 * Text clean-up applied before any format is detected, so copies made on phones or Windows
 * (CRLF, non-breaking and zero-width spaces, a byte-order mark) parse like the original.
 */

/** Unicode spaces that phones and rich-text copies put where a plain space was meant. */
const ODD_SPACES = /[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/g
/** Invisible characters that only get in the way of matching. */
const INVISIBLE = /[\u200b-\u200d\u2060\ufeff]/g

/** Normalises line endings to `\n`, odd spaces to plain spaces, and drops invisible characters. */
export function normalizeInput(text: string): string {
  return text.replace(/\r\n?|\u2028|\u2029/g, '\n').replace(ODD_SPACES, ' ').replace(INVISIBLE, '')
}

/**
 * Maps character offsets to 1-based line numbers in O(log n) per lookup, so errors can say
 * where they are without rescanning a large input.
 */
export function makeLineIndex(text: string): (offset: number) => number {
  const starts = [0]
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) starts.push(at + 1)
  return (offset) => {
    let low = 0
    let high = starts.length - 1
    while (low < high) {
      const mid = (low + high + 1) >> 1
      if (starts[mid]! <= offset) low = mid
      else high = mid - 1
    }
    return low + 1
  }
}

/** Collapses runs of whitespace to one space and trims. */
export const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim()
