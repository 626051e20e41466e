import { For, Show } from 'solid-js'
import { isSafeLink } from '../../doc/ids.js'
import type { Paper } from '../../doc/schema.js'
import { hasSomethingToOpen, searchLinksFor } from '../../doc/searchLinks.js'

/** The paper's outside links; only http(s) URLs become links (peer text is data). */
export function PaperLinks(props: { paper: Pick<Paper, 'url' | 'pdfUrl' | 'codeUrl'> }) {
  const links = () =>
    ([['Paper', props.paper.url], ['PDF', props.paper.pdfUrl], ['Code', props.paper.codeUrl]] as const)
      .filter(([, href]) => isSafeLink(href))
  return (
    <span class="links">
      <For each={links()}>
        {([label, href]) => <a href={href} target="_blank" rel="noopener noreferrer">{label}</a>}
      </For>
    </span>
  )
}

/** Authors as one short line: up to three names, then "et al.". */
export function authorLine(paper: Paper): string {
  const names = paper.authors
  if (!names.length) return paper.authorCount ? `${paper.authorCount} authors` : ''
  return names.length > 3 ? `${names.slice(0, 3).join(', ')} et al.` : names.join(', ')
}

/**
 * For a paper with nothing to open: where to search for it by title (on its page, so a member
 * can find the paper the pasted page did not link).
 */
export function SearchLinks(props: { paper: Paper }) {
  return (
    <Show when={!hasSomethingToOpen(props.paper) && !props.paper.pending}>
      <p class="search-links">
        <span class="muted">No link to open yet. Search by title: </span>
        <span class="links">
          <For each={searchLinksFor(props.paper.title)}>
            {(link) => <a href={link.href} target="_blank" rel="noopener noreferrer">{link.label}</a>}
          </For>
        </span>
      </p>
    </Show>
  )
}
