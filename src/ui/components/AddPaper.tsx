import { ImportPanel } from '../import/ImportPanel.js'

/**
 * Adds papers: one arXiv id, DOI or link at once, or anything longer (BibTeX, RIS, CSL-JSON,
 * a copied page of papers, a file or a share) through a preview; or a paper by title. A paper
 * added by id alone shows "details pending" until a lookup fills it.
 */
export function AddPaper() {
  return <ImportPanel />
}
