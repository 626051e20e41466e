/**
 * Full backup of one list as plain JSON, and its lossless restore into a new, empty list.
 *
 * The backup copies every root as stored: meta, every paper field (deleted papers, edit
 * markers and pending flags included), votes, reading states, members, comments (deleted
 * ones included) and notes. Restoring writes the same keys in one transaction, so every
 * query on the restored list answers as it did on the original. A backup is user input:
 * it is checked whole before anything is written, and a malformed one is refused with a
 * `BackupError` that says what is wrong.
 */
import type * as Y from 'yjs'
import { LOCAL_ORIGIN } from './ops.js'
import type { PaperId } from './ids.js'
import { KEY_SEPARATOR, READING_STATES, commentsOf, membersOf, metaOf, noteOf, papersOf, readingOf, votesOf } from './schema.js'

/** Identifies a Shortlist backup file. */
export const BACKUP_FORMAT = 'shortlist-list-backup'
/** Bumped when the backup's shape changes; restore refuses versions it does not know. */
export const BACKUP_VERSION = 1

/** A JSON value as stored in the document's maps. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue }

/** One list, as plain JSON. Each section is a root of the document, key for key. */
export interface ListBackup {
  format: typeof BACKUP_FORMAT
  version: typeof BACKUP_VERSION
  /** When the backup was made (ms). */
  exportedAt: number
  meta: Record<string, JsonValue>
  /** Paper fields, keyed `<field>|<paperId>` as in the document. */
  papers: Record<string, JsonValue>
  /** Votes, keyed `<memberId>|<paperId>` → time voted (ms). */
  votes: Record<string, number>
  /** Reading states, keyed `<memberId>|<paperId>`. */
  reading: Record<string, 'reading' | 'read'>
  members: Record<string, JsonValue>
  comments: Record<string, JsonValue>
  /** Shared note text per paper id (empty notes are left out). */
  notes: Record<string, string>
}

/** Thrown by `restoreBackup` when the backup is unusable or the target list is not empty; nothing was written. */
export class BackupError extends Error {
  override name = 'BackupError'
}

const NOTE_PREFIX = `note${KEY_SEPARATOR}`

const mapToRecord = <T>(map: Y.Map<T>): Record<string, T> => {
  const out: Record<string, T> = {}
  for (const [key, value] of map.entries()) out[key] = structuredClone(value)
  return out
}

/**
 * Copies the whole list into a backup (pure read, no writes).
 * @example JSON.stringify(exportBackup(doc))
 */
export function exportBackup(doc: Y.Doc, at: number = Date.now()): ListBackup {
  const notes: Record<string, string> = {}
  for (const name of doc.share.keys()) {
    if (!name.startsWith(NOTE_PREFIX)) continue
    const text = noteOf(doc, name.slice(NOTE_PREFIX.length) as PaperId).toString()
    if (text) notes[name.slice(NOTE_PREFIX.length)] = text
  }
  return {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    exportedAt: at,
    meta: mapToRecord(metaOf(doc)) as Record<string, JsonValue>,
    papers: mapToRecord(papersOf(doc)) as Record<string, JsonValue>,
    votes: mapToRecord(votesOf(doc)),
    reading: mapToRecord(readingOf(doc)) as Record<string, 'reading' | 'read'>,
    members: mapToRecord(membersOf(doc)) as Record<string, JsonValue>,
    comments: mapToRecord(commentsOf(doc)) as Record<string, JsonValue>,
    notes,
  }
}

/** True when the list holds nothing yet (no name, papers, votes, members, comments or notes). */
export function isEmptyList(doc: Y.Doc): boolean {
  if ([metaOf, papersOf, votesOf, readingOf, membersOf, commentsOf].some((root) => root(doc).size > 0)) return false
  for (const name of doc.share.keys()) if (name.startsWith(NOTE_PREFIX) && noteOf(doc, name.slice(NOTE_PREFIX.length) as PaperId).length > 0) return false
  return true
}

/**
 * Restores a backup into a new, empty list, in one transaction. Checks the whole backup
 * first: on any problem it throws `BackupError` and writes nothing.
 * @throws BackupError if the backup is malformed or `doc` already holds a list.
 */
export function restoreBackup(doc: Y.Doc, raw: unknown): void {
  const backup = validateBackup(raw)
  if (!isEmptyList(doc)) throw new BackupError('A backup can only be restored into a new, empty list.')
  doc.transact(() => {
    const write = <T>(map: Y.Map<T>, record: Record<string, T>) => {
      for (const [key, value] of Object.entries(record)) map.set(key, structuredClone(value))
    }
    write(metaOf(doc), backup.meta as Record<string, unknown>)
    write(papersOf(doc), backup.papers as Record<string, unknown>)
    write(votesOf(doc), backup.votes)
    write(readingOf(doc), backup.reading)
    write(membersOf(doc), backup.members as Record<string, unknown>)
    write(commentsOf(doc), backup.comments as Record<string, unknown>)
    for (const [paperId, text] of Object.entries(backup.notes)) noteOf(doc, paperId as PaperId).insert(0, text)
  }, LOCAL_ORIGIN)
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

function isJson(value: unknown, depth = 0): value is JsonValue {
  if (depth > 20) return false
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true
  if (typeof value === 'number') return Number.isFinite(value)
  if (Array.isArray(value)) return value.every((item) => isJson(item, depth + 1))
  return isRecord(value) && Object.values(value).every((item) => isJson(item, depth + 1))
}

/**
 * Checks a parsed backup file section by section and returns it typed.
 * @throws BackupError naming the first problem found.
 */
export function validateBackup(raw: unknown): ListBackup {
  const fail = (message: string): never => {
    throw new BackupError(`Not a usable Shortlist backup: ${message}`)
  }
  if (!isRecord(raw)) fail('it is not a JSON object.')
  const backup = raw as Record<string, unknown>
  if (backup.format !== BACKUP_FORMAT) fail(`"format" must be "${BACKUP_FORMAT}".`)
  if (backup.version !== BACKUP_VERSION) fail(`version ${JSON.stringify(backup.version)} is not supported (this app reads version ${BACKUP_VERSION}).`)
  for (const section of ['meta', 'papers', 'votes', 'reading', 'members', 'comments', 'notes']) {
    if (!isRecord(backup[section])) fail(`"${section}" is missing or not an object.`)
  }
  const section = (name: string) => Object.entries(backup[name] as Record<string, unknown>)
  for (const [key, value] of section('meta')) if (!isJson(value)) fail(`meta "${key}" is not plain data.`)
  const flatKey = /^[^|]+\|.+$/
  for (const [key, value] of section('papers')) {
    if (!flatKey.test(key)) fail(`paper key "${key}" is not "<field>|<paperId>".`)
    if (!isJson(value)) fail(`paper field "${key}" is not plain data.`)
  }
  for (const [key, value] of section('votes')) {
    if (!flatKey.test(key)) fail(`vote key "${key}" is not "<memberId>|<paperId>".`)
    if (typeof value !== 'number' || !Number.isFinite(value)) fail(`vote "${key}" has no time.`)
  }
  for (const [key, value] of section('reading')) {
    if (!flatKey.test(key)) fail(`reading key "${key}" is not "<memberId>|<paperId>".`)
    if (value === 'unread' || !READING_STATES.includes(value as 'read')) fail(`reading state of "${key}" is ${JSON.stringify(value)}.`)
  }
  for (const [key, value] of section('members')) if (!isRecord(value) || !isJson(value)) fail(`member "${key}" is not an object.`)
  for (const [key, value] of section('comments')) {
    if (!isRecord(value) || !isJson(value) || typeof value.paperId !== 'string') fail(`comment "${key}" has no paper.`)
  }
  for (const [key, value] of section('notes')) if (typeof value !== 'string') fail(`note of "${key}" is not text.`)
  return backup as unknown as ListBackup
}
