/**
 * Full backup of one list as plain JSON, and its lossless restore into a new, empty list.
 *
 * The backup walks the root registry (`roots.ts`): every map root key for key (list meta,
 * every paper field with deleted papers, edit markers and pending flags, votes, reading
 * states, members, comments with deleted ones, club settings with time zone, vote budget and
 * schedule, meetings, meeting closes, away marks) and every note. Restoring writes the same
 * keys in one transaction, so every query on the restored list answers as it did on the
 * original. What cannot be saved as stored (a Y type nested as a map value, a root this
 * version does not know) is saved as plain data or left out, and said so in `report`; making
 * a backup never throws.
 *
 * A backup is user input: it is checked whole before anything is written, and a malformed
 * one is refused with a `BackupError` that says what is wrong. Version 1 files (six roots and
 * notes, before the journal club) are read as version 2 with empty club roots.
 */
import type * as Y from 'yjs'
import { FIELD_LIMITS, clampText } from './limits.js'
import { LOCAL_ORIGIN } from './ops.js'
import { ROOT } from './schema.js'
import { MAP_ROOTS, TEXT_FAMILIES, isEmptyList, mapRoot, plainValue, rootEntry, textRoot, textRootNames, unknownRoots } from './roots.js'
import type { JsonValue } from './roots.js'

export type { JsonValue } from './roots.js'
export { isEmptyList } from './roots.js'

/** Identifies a Shortlist backup file. */
export const BACKUP_FORMAT = 'shortlist-list-backup'
/** Bumped when the backup's shape changes; restore refuses versions it does not know. */
export const BACKUP_VERSION = 2

/** One list, as plain JSON: every root of the document, by root name. */
export interface ListBackup {
  format: typeof BACKUP_FORMAT
  version: typeof BACKUP_VERSION
  /** When the backup was made (ms). */
  exportedAt: number
  /** Every map root of the registry, key → value as stored (`papers`: `<field>|<paperId>` → value, …). */
  maps: Record<string, Record<string, JsonValue>>
  /** Every non-empty root text, by root name (`note|<paperId>` → the note). */
  texts: Record<string, string>
  /** One sentence per thing not saved exactly as stored; empty for a list the app wrote. */
  report: string[]
}

/** Thrown by `restoreBackup` when the backup is unusable or the target list is not empty; nothing was written. */
export class BackupError extends Error {
  override name = 'BackupError'
}

/**
 * Copies the whole list into a backup (pure read, no writes, never throws on odd content).
 * @example JSON.stringify(exportBackup(doc))
 */
export function exportBackup(doc: Y.Doc, at: number = Date.now()): ListBackup {
  const report: string[] = []
  const maps: ListBackup['maps'] = {}
  for (const root of MAP_ROOTS) {
    const record: Record<string, JsonValue> = {}
    for (const [key, stored] of mapRoot(doc, root).entries()) {
      const { value, converted } = plainValue(stored)
      record[key] = value
      if (converted) report.push(`${root.name} "${key}" held a live value; it was saved as plain data.`)
    }
    maps[root.name] = record
  }
  const texts: ListBackup['texts'] = {}
  for (const name of textRootNames(doc)) {
    const text = textRoot(doc, name).toString()
    if (text) texts[name] = text
  }
  for (const name of unknownRoots(doc)) report.push(`Root "${name}" is not known to this version and was left out.`)
  return { format: BACKUP_FORMAT, version: BACKUP_VERSION, exportedAt: at, maps, texts, report }
}

/**
 * Restores a backup (version 1 or 2) into a new, empty list, in one transaction. Checks the
 * whole backup first: on any problem it throws `BackupError` and writes nothing.
 * @throws BackupError if the backup is malformed or `doc` already holds a list.
 */
export function restoreBackup(doc: Y.Doc, raw: unknown): void {
  const backup = validateBackup(raw)
  if (!isEmptyList(doc)) throw new BackupError('A backup can only be restored into a new, empty list.')
  doc.transact(() => {
    for (const root of MAP_ROOTS) {
      const map = mapRoot(doc, root)
      for (const [key, value] of Object.entries(backup.maps[root.name] ?? {})) map.set(key, structuredClone(value))
    }
    for (const [name, text] of Object.entries(backup.texts)) textRoot(doc, name).insert(0, text)
  }, LOCAL_ORIGIN)
}

/** The list name stored in a backup, '' if none. */
export function backupListName(backup: ListBackup): string {
  const name = backup.maps[ROOT.meta]?.name
  return typeof name === 'string' ? name : ''
}

/** The name a restored copy of a list gets, "Journal club (restored 2026-12-02)", kept within the name limit. */
export function restoredListName(name: string, day: string, maxLength: number = FIELD_LIMITS.listName): string {
  const suffix = ` (restored ${day})`
  const base = clampText(name.trim() || 'Untitled list', Math.max(1, maxLength - suffix.length)).trim()
  return `${base}${suffix}`
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

/** Plain JSON data, nested at most 20 deep (the bound on walking a file's values). */
function isJson(value: unknown, depth = 0): value is JsonValue {
  if (depth > 20) return false
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true
  if (typeof value === 'number') return Number.isFinite(value)
  if (Array.isArray(value)) return value.every((item) => isJson(item, depth + 1))
  return isRecord(value) && Object.values(value).every((item) => isJson(item, depth + 1))
}

function fail(message: string): never {
  throw new BackupError(`Not a usable Shortlist backup: ${message}`)
}

/** The sections of a version 1 file, in the order it wrote them. */
const V1_MAP_SECTIONS = [ROOT.meta, ROOT.papers, ROOT.votes, ROOT.reading, ROOT.members, ROOT.comments] as const

/** A version 1 file in the version 2 shape: its six roots and notes, club roots empty. */
function fromVersion1(backup: Record<string, unknown>): ListBackup {
  for (const section of [...V1_MAP_SECTIONS, 'notes']) if (!isRecord(backup[section])) fail(`"${section}" is missing or not an object.`)
  const maps: Record<string, unknown> = {}
  for (const section of V1_MAP_SECTIONS) maps[section] = backup[section]
  const notePrefix = TEXT_FAMILIES[0]!.prefix
  const texts: Record<string, unknown> = {}
  for (const [paperId, text] of Object.entries(backup.notes as Record<string, unknown>)) {
    if (typeof text !== 'string') fail(`note of "${paperId}" is not text.`)
    texts[notePrefix + paperId] = text
  }
  return { format: BACKUP_FORMAT, version: BACKUP_VERSION, exportedAt: Number(backup.exportedAt) || 0, maps, texts, report: [] } as ListBackup
}

/**
 * Checks a parsed backup file section by section and returns it typed, as version 2.
 * @throws BackupError naming the first problem found.
 */
export function validateBackup(raw: unknown): ListBackup {
  if (!isRecord(raw)) fail('it is not a JSON object.')
  const file = raw as Record<string, unknown>
  if (file.format !== BACKUP_FORMAT) fail(`"format" must be "${BACKUP_FORMAT}".`)
  let backup: ListBackup
  if (file.version === 1) backup = fromVersion1(file)
  else if (file.version === BACKUP_VERSION) {
    if (!isRecord(file.maps)) fail('"maps" is missing or not an object.')
    if (!isRecord(file.texts)) fail('"texts" is missing or not an object.')
    backup = { ...file, report: Array.isArray(file.report) ? file.report.filter((line) => typeof line === 'string') : [] } as ListBackup
  } else {
    return fail(`version ${JSON.stringify(file.version)} is not supported (this app reads versions 1 and ${BACKUP_VERSION}).`)
  }
  for (const [name, record] of Object.entries(backup.maps)) {
    const root = rootEntry(name)
    if (root?.kind !== 'map') fail(`section "${name}" is not part of a list this version knows.`)
    if (!isRecord(record)) fail(`"${name}" is not an object.`)
    for (const [key, value] of Object.entries(record)) {
      if (!isJson(value)) fail(`${root.entry} "${key}" is not plain data.`)
      const problem = root.problem(key, value)
      if (problem) fail(`${problem}.`)
    }
  }
  for (const [name, text] of Object.entries(backup.texts)) {
    if (rootEntry(name)?.kind !== 'text') fail(`text "${name}" is not part of a list this version knows.`)
    if (typeof text !== 'string') fail(`note of "${name}" is not text.`)
  }
  return backup
}
