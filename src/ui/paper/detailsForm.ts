/**
 * The edit-details form as pure functions: a paper's fields as form values, and the values
 * checked and turned into the edit to apply. Only fields whose value changed are edited, so a
 * field left alone is not marked "edited by hand" and a later metadata lookup may still fill it.
 */
import { isSafeLink } from '../../doc/ids.js'
import { FIELD_LIMITS } from '../../doc/limits.js'
import type { PaperInput } from '../../doc/ops.js'
import type { Paper } from '../../doc/schema.js'

/** The form's fields as text, one per input. */
export interface DetailsValues {
  title: string
  /** One author per line. */
  authors: string
  /** `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, or empty. */
  published: string
  url: string
  pdfUrl: string
  codeUrl: string
  abstract: string
}

/** A field of the form. */
export type DetailsField = keyof DetailsValues

/** The links of the form, with their labels. */
export const LINK_FIELDS = [
  { field: 'url', label: 'Paper link' },
  { field: 'pdfUrl', label: 'PDF link' },
  { field: 'codeUrl', label: 'Code link' },
] as const satisfies readonly { field: DetailsField; label: string }[]

const DATE = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/

/** A paper's current fields as form values. */
export function valuesOf(paper: Paper): DetailsValues {
  return {
    title: paper.title,
    authors: paper.authors.join('\n'),
    published: paper.published,
    url: paper.url,
    pdfUrl: paper.pdfUrl,
    codeUrl: paper.codeUrl,
    abstract: paper.abstract,
  }
}

/** The edit to apply, or the reasons it cannot be, one per field. */
export type DetailsCheck = { ok: true; edit: PaperInput; changed: DetailsField[] } | { ok: false; errors: Partial<Record<DetailsField, string>> }

/**
 * Checks the form: a title is required, links must be http(s) and at most
 * `FIELD_LIMITS.url` long, the date must be a (partial) ISO date. Returns the edit holding
 * only the fields that differ from `initial` (what the form opened with).
 */
export function checkDetails(values: DetailsValues, initial: DetailsValues): DetailsCheck {
  const errors: Partial<Record<DetailsField, string>> = {}
  if (!values.title.trim()) errors.title = 'A paper needs a title.'
  for (const { field, label } of LINK_FIELDS) {
    const link = values[field].trim()
    if (!link) continue
    if (!isSafeLink(link)) errors[field] = `${label}: only http:// or https:// links.`
    else if (link.length > FIELD_LIMITS.url) errors[field] = `${label}: at most ${FIELD_LIMITS.url} characters.`
  }
  const date = values.published.trim()
  if (date && !DATE.test(date)) errors.published = 'Date: YYYY, YYYY-MM or YYYY-MM-DD.'
  if (Object.keys(errors).length) return { ok: false, errors }

  const edit: PaperInput = {}
  const changed: DetailsField[] = []
  const differs = (field: DetailsField) => normalise(field, values[field]) !== normalise(field, initial[field])
  for (const field of ['title', 'published', 'url', 'pdfUrl', 'codeUrl', 'abstract'] as const) {
    if (!differs(field)) continue
    edit[field] = values[field].trim()
    changed.push(field)
  }
  if (differs('authors')) {
    edit.authors = authorsOf(values.authors)
    changed.push('authors')
  }
  return { ok: true, edit, changed }
}

/** Authors from the text area: one per line (a pasted "A, B and C" line stays one name). */
const authorsOf = (text: string): string[] => text.split('\n').map((name) => name.trim()).filter(Boolean)

/** What "unchanged" compares: trimmed text, authors line by line, abstract with line ends unified. */
function normalise(field: DetailsField, value: string): string {
  if (field === 'authors') return authorsOf(value).join('\n')
  if (field === 'abstract') return value.replace(/\r\n?/g, '\n').trim()
  return value.trim().replace(field === 'title' ? /\s+/g : /$^/, ' ')
}
