/**
 * Builds the export files of a list: BibTeX, CSL-JSON, CSV, Markdown meeting notes and the
 * full JSON backup. Loaded on first export, so the exporters stay out of the first download.
 */
import type * as Y from 'yjs'
import { exportBackup } from '../../doc/backup.js'
import { listPapers, noteText, rankQueue, voteCounts } from '../../doc/queries.js'
import type { Paper } from '../../doc/schema.js'
import { exportBibtex } from '../../io/exportBibtex.js'
import { exportCslJson } from '../../io/exportCslJson.js'
import { exportCsv } from '../../io/exportCsv.js'
import { exportMarkdown } from '../../io/exportMarkdown.js'
import { fileNameFor } from '../download.js'

/** The export formats a list offers. */
export type ExportKind = 'bibtex' | 'csl-json' | 'csv' | 'markdown' | 'backup'

/** One file to download. */
export interface ExportFile {
  filename: string
  type: string
  text: string
}

/** The list's live papers, in the order the group sees them: the ranked queue, then the rest. */
export function papersInListOrder(doc: Y.Doc): Paper[] {
  const queue = rankQueue(doc).map((ranked) => ranked.paper)
  const queued = new Set(queue.map((paper) => paper.id))
  return [...queue, ...listPapers(doc).filter((paper) => !queued.has(paper.id))]
}

/** Builds the file for one export of the list `doc`, named after `listName`. Pure read. */
export function buildExport(doc: Y.Doc, kind: ExportKind, listName: string, at: Date = new Date()): ExportFile {
  if (kind === 'backup') {
    const day = at.toISOString().slice(0, 10)
    return { filename: fileNameFor(listName, `-backup-${day}.json`), type: 'application/json', text: JSON.stringify(exportBackup(doc, at.getTime()), null, 1) }
  }
  const papers = papersInListOrder(doc)
  switch (kind) {
    case 'bibtex':
      return { filename: fileNameFor(listName, '.bib'), type: 'application/x-bibtex', text: exportBibtex(papers) }
    case 'csl-json':
      return { filename: fileNameFor(listName, '.csl.json'), type: 'application/vnd.citationstyles.csl+json', text: exportCslJson(papers) }
    case 'csv':
      return { filename: fileNameFor(listName, '.csv'), type: 'text/csv', text: exportCsv(papers, { votes: voteCounts(doc) }) }
    case 'markdown': {
      const notes = new Map(papers.map((paper) => [paper.id, noteText(doc, paper.id)]))
      const text = exportMarkdown(papers, { heading: listName, votes: voteCounts(doc), notes })
      return { filename: fileNameFor(listName, '.md'), type: 'text/markdown', text }
    }
  }
}
