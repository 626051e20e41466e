/**
 * Shared guards of the exporters. Exported fields come from peers, and a peer on an old or
 * hostile build can write anything into the document (ops' checks only bind honest clients),
 * so every exporter re-checks what it writes: no control characters, dates only when they are
 * real ISO dates, links only when they are http(s).
 */
import { isoDate } from './dates.js'

/** C0 controls but tab, LF and CR, plus DEL and the C1 range: never meaningful in a paper's fields. */
const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g

/** Removes control characters (NUL and the like); keeps tab and line breaks. */
export const stripControlChars = (text: string): string => text.replace(CONTROL_CHARS, '')

/** The parts of a stored `published` value when it is a real ISO date (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`); null otherwise. */
export function isoDateParts(published: string): { year: number; month?: number; day?: number } | null {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(published)
  if (!match) return null
  const year = Number(match[1])
  const month = match[2] ? Number(match[2]) : undefined
  const day = match[3] ? Number(match[3]) : undefined
  return isoDate(year, month, day) === published ? { year, month, day } : null
}
