import type * as Y from 'yjs'
import { readMeta } from '../doc/queries.js'
import { downloadText } from './download.js'

/**
 * Downloads the full backup of a list (every root, restorable into a new list). The
 * exporters load on first use, so they stay out of the first download. Rejects if they
 * cannot be loaded (offline before the app was ever cached).
 */
export async function downloadBackup(doc: Y.Doc, fallbackName = ''): Promise<void> {
  const { buildExport } = await import('./import/exportList.js')
  const file = buildExport(doc, 'backup', readMeta(doc).name || fallbackName || 'shortlist')
  downloadText(file.filename, file.type, file.text)
}
