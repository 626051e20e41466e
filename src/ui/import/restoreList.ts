/**
 * Restores a backup file as a new list on this device: a fresh secret and the list id derived
 * from it, the backup written into its empty device copy in one transaction, named
 * "<name> (restored <date>)" so it cannot be mistaken for the list it came from, then
 * remembered like a list created here. Loaded on first use.
 */
import * as Y from 'yjs'
import { BackupError, restoreBackup, restoredListName, backupListName, validateBackup, type ListBackup } from '../../doc/backup.js'
import { renameList } from '../../doc/ops.js'
import { newListLink } from '../../sync/access.js'
import { isoDate } from '../../io/dates.js'
import { rememberList } from '../../sync/lists.js'
import { openLocalStore } from '../../sync/localStore.js'

/** Why a restore failed, as a sentence for the member. */
export class RestoreError extends Error {
  override name = 'RestoreError'
}

/**
 * Checks the text of a backup file and restores it into a new list; resolves with the new
 * list's id. Nothing is created when the file is not a usable backup.
 * @throws RestoreError with a sentence saying what is wrong.
 */
export async function restoreAsNewList(fileText: string, now: Date = new Date()): Promise<string> {
  let raw: unknown
  try {
    raw = JSON.parse(fileText)
  } catch {
    throw new RestoreError('This file is not a Shortlist backup: it is not JSON.')
  }
  let backup: ListBackup
  try {
    backup = validateBackup(raw)
  } catch (error) {
    throw new RestoreError(error instanceof BackupError ? error.message : 'This file is not a usable Shortlist backup.')
  }
  const name = restoredListName(backupListName(backup), localDay(now))
  const { listId, fragment } = await newListLink()
  const doc = new Y.Doc()
  const store = openLocalStore(listId, doc)
  try {
    await store.whenLoaded
    restoreBackup(doc, raw)
    renameList(doc, name)
  } catch (error) {
    throw new RestoreError(error instanceof Error ? error.message : 'The list could not be stored on this device.')
  } finally {
    // the write is queued on the database before it closes, so the list page reads it back
    await store.destroy()
    doc.destroy()
  }
  rememberList({ id: listId, fragment, name })
  return listId
}

/** This device's calendar day, YYYY-MM-DD (the day the member restored the list). */
const localDay = (at: Date): string => isoDate(at.getFullYear(), at.getMonth() + 1, at.getDate())
