/**
 * The one registry of a list document's roots: every top-level Y type a list may hold, its
 * Yjs type, and how to copy it out, write it back and tell whether it is empty.
 *
 * Everything that walks the whole list (the backup and its restore, `isEmptyList`, tests that
 * check a copy is complete) goes through this table, so adding a root means adding one entry
 * here, and a root the table does not know is reported instead of silently left out.
 *
 * Two kinds of root:
 * - a map root has a fixed name and holds plain values (never a nested Y type: see the
 *   layouts in `schema.ts` and `club/schema.ts`);
 * - a text family is one root Y.Text per record, named `<prefix><id>` (a paper's note).
 */
import * as Y from 'yjs'
import { CLUB_ROOT } from './club/schema.js'
import { INBOX_ROOT } from './inbox.js'
import { LOOKUPS_ROOT } from './lookupState.js'
import { KEY_SEPARATOR, READING_STATES, ROOT } from './schema.js'

/** A JSON value as stored in the document's maps. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue }

/** A map root: a fixed name, one record per key. */
export interface MapRoot {
  kind: 'map'
  name: string
  /** What one entry is, for error messages ("vote", "meeting field"). */
  entry: string
  /** Why a stored entry is unusable, or null if it is fine. Values are already plain JSON. */
  problem(key: string, value: JsonValue): string | null
}

/** A family of root texts, one per record: `<prefix><id>`. */
export interface TextFamily {
  kind: 'text'
  prefix: string
  entry: string
}

export type RootEntry = MapRoot | TextFamily

const isFlatKey = (key: string): boolean => /^[^|]+\|.+$/.test(key)
const isRecord = (value: JsonValue): value is { [key: string]: JsonValue } =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const anyValue = (): string | null => null
const flat = (shape: string) => (key: string): string | null => (isFlatKey(key) ? null : `key "${key}" is not "${shape}"`)

/** Map roots, in the order a backup lists them. */
export const MAP_ROOTS: readonly MapRoot[] = [
  { kind: 'map', name: ROOT.meta, entry: 'list field', problem: anyValue },
  { kind: 'map', name: ROOT.papers, entry: 'paper field', problem: flat('<field>|<paperId>') },
  {
    kind: 'map', name: ROOT.votes, entry: 'vote',
    problem: (key, value) => flat('<memberId>|<paperId>')(key) ?? (typeof value === 'number' ? null : `vote "${key}" has no time`),
  },
  {
    kind: 'map', name: ROOT.reading, entry: 'reading state',
    problem: (key, value) =>
      flat('<memberId>|<paperId>')(key) ??
      (value !== 'unread' && READING_STATES.includes(value as 'read') ? null : `reading state of "${key}" is ${JSON.stringify(value)}`),
  },
  { kind: 'map', name: ROOT.members, entry: 'member', problem: (key, value) => (isRecord(value) ? null : `member "${key}" is not an object`) },
  {
    kind: 'map', name: ROOT.comments, entry: 'comment',
    problem: (key, value) => (isRecord(value) && typeof value.paperId === 'string' ? null : `comment "${key}" has no paper`),
  },
  { kind: 'map', name: CLUB_ROOT.settings, entry: 'club setting', problem: anyValue },
  { kind: 'map', name: CLUB_ROOT.meetings, entry: 'meeting field', problem: flat('<field>|<meetingId>') },
  {
    kind: 'map', name: CLUB_ROOT.closes, entry: 'meeting close',
    problem: (key, value) => flat('<meetingId>|<closeId>')(key) ?? (isRecord(value) ? null : `meeting close "${key}" is not an object`),
  },
  { kind: 'map', name: CLUB_ROOT.away, entry: 'away mark', problem: flat('<memberId>|<date>') },
  { kind: 'map', name: INBOX_ROOT, entry: 'inbox setting or dismissal', problem: flat('setting|<name> or dismissed|<arxivId>') },
  {
    kind: 'map', name: LOOKUPS_ROOT, entry: 'lookup outcome or citation count',
    problem: (key, value) => flat('<kind>|<paperId>')(key) ?? (isRecord(value) ? null : `lookup record "${key}" is not an object`),
  },
]

/** Text families: one root Y.Text per record. */
export const TEXT_FAMILIES: readonly TextFamily[] = [{ kind: 'text', prefix: `note${KEY_SEPARATOR}`, entry: 'note' }]

/** Every kind of root a list holds. */
export const LIST_ROOTS: readonly RootEntry[] = [...MAP_ROOTS, ...TEXT_FAMILIES]

const mapByName = new Map(MAP_ROOTS.map((root) => [root.name, root]))

/** The registry entry of a root name, or null for a root this version does not know. */
export function rootEntry(name: string): RootEntry | null {
  return mapByName.get(name) ?? TEXT_FAMILIES.find((family) => name.startsWith(family.prefix) && name.length > family.prefix.length) ?? null
}

/** The map root of a name (typed), for code that reads or writes it whole. */
export const mapRoot = (doc: Y.Doc, root: MapRoot): Y.Map<unknown> => doc.getMap<unknown>(root.name)

/** The root text of a text-family name. */
export const textRoot = (doc: Y.Doc, name: string): Y.Text => doc.getText(name)

/** Names of the roots in `doc.share` that the registry does not know (written by another build, or a bug). */
export function unknownRoots(doc: Y.Doc): string[] {
  return [...doc.share.keys()].filter((name) => !rootEntry(name)).sort()
}

/** Names of the text roots the doc holds, in name order (the doc defines them as it meets them). */
export function textRootNames(doc: Y.Doc): string[] {
  return [...doc.share.keys()].filter((name) => rootEntry(name)?.kind === 'text').sort()
}

/**
 * True when the list holds nothing in any root the registry knows, and no root it does not
 * know (an unknown root cannot be read safely, so it counts as content).
 */
export function isEmptyList(doc: Y.Doc): boolean {
  if (unknownRoots(doc).length) return false
  if (MAP_ROOTS.some((root) => mapRoot(doc, root).size > 0)) return false
  return textRootNames(doc).every((name) => textRoot(doc, name).length === 0)
}

/** How deep `plainValue` walks a stored value; deeper parts are saved as null and reported. */
export const MAX_VALUE_DEPTH = 64

/**
 * A stored map value as plain JSON, for a backup. A live value (a Y type nested as a map
 * value or inside one, bytes, anything JSON cannot hold) is saved as its plain data and
 * `converted` says so; this never throws.
 */
export function plainValue(value: unknown): { value: JsonValue; converted: boolean } {
  let converted = false
  const walk = (inner: unknown, depth: number): JsonValue => {
    if (inner === null || typeof inner === 'string' || typeof inner === 'boolean') return inner
    if (typeof inner === 'number') {
      if (Number.isFinite(inner)) return inner
      converted = true
      return null
    }
    converted ||= !Array.isArray(inner) && Object.getPrototypeOf(inner) !== Object.prototype
    if (depth >= MAX_VALUE_DEPTH || typeof inner !== 'object') {
      converted = true
      return null
    }
    if (inner instanceof Y.AbstractType) return walk(inner.toJSON(), depth + 1)
    if (inner instanceof Uint8Array) return Array.from(inner)
    if (Array.isArray(inner)) return inner.map((item) => walk(item, depth + 1))
    const out: { [key: string]: JsonValue } = {}
    for (const [key, item] of Object.entries(inner)) out[key] = walk(item, depth + 1)
    return out
  }
  const plain = walk(value, 0)
  return { value: plain, converted }
}
