/**
 * Markdown export for meeting notes: a numbered list of papers with authors, date, votes,
 * links and the shared notes. Every piece of peer text is escaped, so a title or a note
 * cannot add links, images, HTML or headings of its own; only the paper's own http(s)
 * links become links. One-line fields (title, authors, date, heading) are folded to one line,
 * so a line break a peer put in a title cannot start a block of its own; control characters
 * are dropped everywhere.
 */
import { isSafeLink } from '../doc/ids.js'
import type { PaperId } from '../doc/ids.js'
import type { Paper } from '../doc/schema.js'
import { stripControlChars } from './exportSafety.js'
import { oneLine } from './text.js'

/**
 * Escapes text so Markdown renders it literally: punctuation that starts links, emphasis,
 * code or HTML is backslash-escaped (`<` and `&` become entities), and bare web addresses
 * are broken up so renderers do not turn them into links.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_{}[\]()#+!|~>-]/g, '\\$&')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/(\w):(\/\/)/g, '$1\\:$2')
    .replace(/\b(www)\./gi, '$1\\.')
}

/** Escapes a field shown inline: control characters dropped, line breaks folded to spaces. */
const inline = (text: string): string => escapeMarkdown(oneLine(stripControlChars(text)))

/** Escapes a line that starts a block (a note line): also a leading "1." that would start a list. */
export const escapeMarkdownLine = (line: string): string => escapeMarkdown(line).replace(/^(\s*\d+)\./, '$1\\.')

/** A link target safe inside `(…)`: characters that could end or break the link are percent-encoded. */
const linkTarget = (url: string): string => url.replace(/[()<>\s"'\\[\]`]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)

const link = (label: string, url: string): string => (isSafeLink(url) ? `[${label}](${linkTarget(url)})` : '')

/** What the meeting notes include beside the papers. */
export interface MarkdownOptions {
  /** A heading for the document (the list's name). */
  heading?: string
  votes?: ReadonlyMap<PaperId, number>
  /** Shared notes by paper id (plain text). */
  notes?: ReadonlyMap<PaperId, string>
}

/** Exports papers as Markdown meeting notes, in the order given. */
export function exportMarkdown(papers: readonly Paper[], options: MarkdownOptions = {}): string {
  const out: string[] = []
  if (options.heading) out.push(`# ${inline(options.heading)}`, '')
  papers.forEach((paper, index) => {
    const details: string[] = []
    if (paper.authors.length) details.push(inline(paper.authors.length > 3 ? `${paper.authors.slice(0, 3).join(', ')} et al.` : paper.authors.join(', ')))
    if (paper.published) details.push(inline(paper.published))
    const votes = options.votes?.get(paper.id)
    if (votes !== undefined) details.push(`${votes} vote${votes === 1 ? '' : 's'}`)
    out.push(`${index + 1}. **${inline(paper.title)}**${details.length ? ` — ${details.join(' · ')}` : ''}`)
    const links = [
      paper.arxivId ? link(`arXiv:${inline(paper.arxivId)}`, paper.url) : paper.doi ? link(`doi:${inline(paper.doi)}`, paper.url) : link('link', paper.url),
      link('PDF', paper.pdfUrl),
      link('code', paper.codeUrl),
    ].filter(Boolean)
    if (links.length) out.push(`   ${links.join(' · ')}`)
    const note = stripControlChars(options.notes?.get(paper.id) ?? '').trim()
    if (note) {
      out.push('')
      for (const line of note.split(/\r\n?|\n/)) out.push(`   > ${escapeMarkdownLine(line)}`.trimEnd())
    }
    out.push('')
  })
  return out.join('\n')
}
