/**
 * Paints a list's cached view as plain DOM, before the app's code has loaded: the header's
 * name, the next-up card and the first rows, with the same markup and classes as the app's
 * cached page (`CachedListPage`, `RowLayout`, `VoteButton`), laid out to the recorded offsets
 * the same way, so the app's render replaces it without a visible change. Text is set as text,
 * never HTML; only http(s) links become links. A vote tap is recorded in `wants` and shown at once.
 */
import { isSafeLink } from '../doc/idRules.js'
import type { CachedRow, CachedView } from '../sync/cachedView.js'

type Children = (Node | string | null | false)[]

/** An element with attributes (a `null` value leaves one out) and children (text stays text). */
function el(tag: string, attributes: Record<string, string | null>, ...children: Children): HTMLElement {
  const element = document.createElement(tag)
  for (const [name, value] of Object.entries(attributes)) if (value !== null) element.setAttribute(name, value)
  for (const child of children) if (child !== null && child !== false) element.append(child)
  return element
}

/** The vote button's state: the same words as `VoteButton`. */
function showVote(button: HTMLElement, title: string, count: number, voted: boolean): void {
  button.classList.toggle('voted', voted)
  button.setAttribute('aria-pressed', String(voted))
  button.setAttribute('aria-label', `${count} ${count === 1 ? 'vote' : 'votes'}. ${voted ? 'Remove my vote for' : 'Vote for'} ${title}`)
  button.querySelector('.count')!.textContent = String(count)
}

/** The count a row shows with the reader's wanted vote (one more or less than stored when it differs). */
const countWith = (row: CachedRow, voted: boolean) => row.votes + (voted === row.voted ? 0 : voted ? 1 : -1)

function rowElement(row: CachedRow, listId: string, voted: boolean, readOnly: boolean): HTMLElement {
  const button = el('button', { type: 'button', class: 'vote', disabled: readOnly ? '' : null },
    el('span', { class: 'arrow', 'aria-hidden': 'true' }, '▲'),
    el('span', { class: 'count', 'data-testid': 'vote-count' }))
  showVote(button, row.title, countWith(row, voted), voted)
  const links = el('span', { class: 'links' })
  for (const [label, href] of [['Paper', row.url], ['PDF', row.pdfUrl], ['Code', row.codeUrl]] as const) {
    if (isSafeLink(href)) links.append(el('a', { href, target: '_blank', rel: 'noopener noreferrer' }, label))
  }
  return el('li', { 'data-row-id': row.id },
    el('article', { class: 'paper-row', 'data-paper-id': row.id },
      button,
      el('div', { class: 'paper-main' },
        // the paper's page, as `paperPath` in `ui/router.ts` writes it
        el('h3', { class: 'paper-title' }, el('a', { href: `/l/${listId}?paper=${encodeURIComponent(row.id)}` }, row.title)),
        el('p', { class: 'paper-meta' },
          el('span', { class: 'row-status' }, row.reason ? el('span', { class: 'rank-reason' }, row.reason) : null),
          row.authors ? el('span', { class: 'authors' }, row.authors) : null,
          row.published ? el('span', { class: 'date' }, row.published) : null,
          row.pending ? el('span', { class: 'tag pending' }, 'details pending') : null,
          links))))
}

/**
 * Replaces `root`'s content with the cached view of `listId`; taps on its vote buttons go
 * into `wants` (paper id → wanted vote, a later tap replacing the earlier). Returns a way to
 * ask which row's vote button has focus.
 */
export function paintCachedView(root: HTMLElement, view: CachedView, listId: string, readOnly: boolean, wants: Map<string, boolean>): { focusedPaperId: () => string | null } {
  const next = view.nextUp
  const card = el('section', { class: 'next-up', 'aria-labelledby': 'next-up-heading', 'data-testid': 'next-up' },
    el('h2', { id: 'next-up-heading' }, 'Next up'),
    ...(next
      ? [el('p', { class: 'next-title' }, next.title), el('p', { class: 'paper-meta' }, el('span', {}, next.authors), el('span', { class: 'votes-label' }, `${next.votes} ${next.votes === 1 ? 'vote' : 'votes'}`))]
      : [el('p', { class: 'muted' }, 'Nothing queued yet. Add a paper below.')]))
  const lead = el('div', { class: 'cached-lead' }, card)
  const list = el('ol', { class: 'paper-list', 'aria-label': view.label, 'data-cached-view': '', 'data-early': '' })
  const byId = new Map<string, CachedRow>()
  // bound: CACHED_ROWS rows (parseCachedView refuses a view with more)
  for (const row of view.rows) {
    byId.set(row.id, row)
    list.append(rowElement(row, listId, wants.get(row.id) ?? row.voted, readOnly))
  }
  list.addEventListener('click', (event) => {
    const button = (event.target as Element).closest('button.vote')
    const id = button?.closest('article')?.getAttribute('data-paper-id')
    const row = id ? byId.get(id) : undefined
    if (!button || !row || readOnly) return
    const voted = !(wants.get(row.id) ?? row.voted)
    wants.delete(row.id)
    wants.set(row.id, voted)
    showVote(button as HTMLElement, row.title, countWith(row, voted), voted)
  })
  root.replaceChildren(
    el('header', { class: 'list-header' },
      el('div', { class: 'header-row' },
        el('a', { class: 'back', href: '/', 'aria-label': 'My lists' }, '‹'),
        el('h1', { class: 'list-title' }, view.name || 'Opening the list…'))),
    el('main', { class: 'page', 'aria-busy': 'true' }, lead, list))
  // lay the page out as it was recorded (same width only), as CachedListPage does
  if (Math.abs(view.layout.width - window.innerWidth) <= 1) {
    const documentTop = (element: Element) => element.getBoundingClientRect().top + window.scrollY
    if (view.layout.nextUpTop !== null) {
      const offset = Math.max(0, view.layout.nextUpTop - documentTop(card))
      if (offset) card.style.marginTop = `${offset}px`
    }
    const shift = view.layout.listTop - documentTop(list)
    lead.style.height = `${Math.max(0, lead.getBoundingClientRect().height + shift)}px`
    lead.style.overflow = 'hidden'
  }
  return {
    focusedPaperId: () => {
      const focused = document.activeElement
      return focused && list.contains(focused) ? focused.closest('article')?.getAttribute('data-paper-id') ?? null : null
    },
  }
}
