import { For } from 'solid-js'
import { isSafeLink } from '../../doc/ids.js'
import type { Paper } from '../../doc/schema.js'

/** The paper's outside links; only http(s) URLs become links (peer text is data). */
export function PaperLinks(props: { paper: Paper }) {
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
