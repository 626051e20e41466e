import { createSignal } from 'solid-js'
import { LIST_ID_PATTERN } from '../doc/ids.js'
import { queryFromSearch, queryToSearch } from '../doc/listQuery.js'
import type { ListQuery } from '../doc/listQuery.js'

/** Where the app is: home, or a list (optionally with one paper open). */
export type Route =
  | { page: 'home' }
  | { page: 'list'; listId: string; fragment: string; paperId: string | null }
  | { page: 'share'; title: string; text: string; url: string }
  | { page: 'not-found' }

/** Parses a location into a route; unknown or malformed paths are `not-found`, never a crash. */
export function parseRoute(pathname: string, search: string, hash: string): Route {
  if (pathname === '/' || pathname === '/index.html') return { page: 'home' }
  if (pathname === '/share' || pathname === '/share/') {
    // what another app shared (the manifest's share_target)
    const query = new URLSearchParams(search)
    return { page: 'share', title: query.get('title') ?? '', text: query.get('text') ?? '', url: query.get('url') ?? '' }
  }
  const match = /^\/l\/([^/]+)\/?$/.exec(pathname)
  if (!match || !LIST_ID_PATTERN.test(match[1]!)) return { page: 'not-found' }
  const paperId = new URLSearchParams(search).get('paper')
  return { page: 'list', listId: match[1]!, fragment: hash.replace(/^#/, ''), paperId: paperId || null }
}

const [location_, setLocation] = createSignal({ pathname: location.pathname, search: location.search, hash: location.hash })

/** The current route, as a signal. */
export const route = () => {
  const { pathname, search, hash } = location_()
  return parseRoute(pathname, search, hash)
}

/** Navigates inside the app without a reload. */
export function navigate(href: string, options: { replace?: boolean } = {}): void {
  if (options.replace) history.replaceState(null, '', href)
  else history.pushState(null, '', href)
  setLocation({ pathname: location.pathname, search: location.search, hash: location.hash })
  if (!options.replace) window.scrollTo(0, 0)
}

addEventListener('popstate', () => setLocation({ pathname: location.pathname, search: location.search, hash: location.hash }))

/** Path of a list page. */
export const listPath = (listId: string): string => `/l/${listId}`
/** Path of a paper's page inside its list. */
export const paperPath = (listId: string, paperId: string): string => `/l/${listId}?paper=${encodeURIComponent(paperId)}`

/** Sections of a list besides its home (`/l/<id>?view=<section>`). */
export const LIST_SECTIONS = ['meetings', 'archive', 'activity', 'inbox'] as const
/** One list section. */
export type ListSection = (typeof LIST_SECTIONS)[number]
/** The list section in the address, or null for the list's home; unknown values read as home. */
export const listSection = (): ListSection | null => {
  const value = new URLSearchParams(location_().search).get('view')
  return (LIST_SECTIONS as readonly string[]).includes(value ?? '') ? (value as ListSection) : null
}
/** Path of a list section. */
export const sectionPath = (listId: string, section: ListSection): string => `/l/${listId}?view=${section}`

/** Click handler for in-app links: plain clicks navigate in place, modified clicks open normally. */
export function linkClick(event: MouseEvent): void {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
  const anchor = event.currentTarget as HTMLAnchorElement
  event.preventDefault()
  navigate(anchor.getAttribute('href') ?? '/')
}

/** Address parameters the find query owns (`queryToSearch`). */
const QUERY_PARAMS = ['q', 'filter', 'tag', 'sort'] as const

/** The find query of the list's home, read from the address, so a shared link or a reload shows the same view. */
export const listQuery = (): ListQuery => queryFromSearch(location_().search)

/**
 * Writes the find query into the address in place (no new history entry per keystroke),
 * keeping every other parameter.
 */
export function setListQuery(query: ListQuery): void {
  const params = new URLSearchParams(location.search)
  for (const name of QUERY_PARAMS) params.delete(name)
  for (const [name, value] of new URLSearchParams(queryToSearch(query))) params.set(name, value)
  const search = params.toString()
  const href = `${location.pathname}${search ? `?${search}` : ''}${location.hash}`
  if (href !== `${location.pathname}${location.search}${location.hash}`) navigate(href, { replace: true })
}
