import { cleanup, render } from '@solidjs/testing-library'
import { afterEach, expect, test } from 'vitest'
import { earlyRoute } from '../../src/boot/earlyRoute.js'
import { paintCachedView } from '../../src/boot/paintCachedView.js'
import { LIST_ID_PATTERN, SECRET_PATTERN } from '../../src/doc/ids.js'
import { parseFragment } from '../../src/sync/access.js'
import { CACHED_VIEW_VERSION } from '../../src/sync/cachedView.js'
import type { CachedView } from '../../src/sync/cachedView.js'
import { createVoteIntents } from '../../src/sync/voteIntents.js'
import { CachedListPage } from '../../src/ui/pages/CachedListPage.js'

afterEach(() => {
  cleanup()
  document.body.replaceChildren()
  localStorage.clear()
})

const LIST = 'AAAAAAAAAAAAAAAAAAAAAA'
const SECRET = 'B'.repeat(43)

const row = (id: string, votes: number, voted = false, extra: Partial<CachedView['rows'][number]> = {}) => ({
  id, title: `Paper ${id}`, authors: 'Ada Lovelace', published: '2024', pending: false,
  url: 'https://example.org/a', pdfUrl: 'javascript:alert(1)', codeUrl: '', reason: `${votes} votes · added 3 weeks ago`, votes, voted, ...extra,
})

const view: CachedView = {
  version: CACHED_VIEW_VERSION, listId: LIST, savedAt: 1, name: 'Journal club', label: 'Ranked papers', query: '', queued: 3,
  nextUp: { id: 'a', title: 'Paper a', authors: 'Ada Lovelace', votes: 3 },
  layout: { width: 5000, listTop: 600, nextUpTop: 150 },
  rows: [row('a', 3), row('b', 2, true, { pending: true, authors: '', published: '', reason: '' }), row('c', 0, false, { title: '<img src=x onerror="window.hacked=1">', codeUrl: 'http://example.org/code' })],
}

/** An element's markup without its style (the layout offsets) and with whitespace-only text left out. */
function shape(node: Element): string {
  const attributes = [...node.attributes].filter((attribute) => attribute.name !== 'style').map((attribute) => `${attribute.name}=${JSON.stringify(attribute.value)}`).sort()
  const children = [...node.childNodes].map((child) => (child.nodeType === 1 ? shape(child as Element) : (child.textContent ?? ''))).join('')
  return `<${node.tagName.toLowerCase()} ${attributes.join(' ')}>${children}</${node.tagName.toLowerCase()}>`
}

test('the first script paints the same markup as the app’s cached page, with peer text as text and only http(s) links', () => {
  const early = document.createElement('div')
  document.body.append(early)
  paintCachedView(early, view, LIST, false, new Map())
  const { container } = render(() => <CachedListPage view={view} listId={LIST} readOnly={false} intents={createVoteIntents()} onHandover={() => {}} />)
  const app = container.querySelector('ol')!
  const painted = early.querySelector('ol')!
  // the first script's list says it is early; otherwise the rows are the same elements, classes, attributes and text
  expect(painted.hasAttribute('data-early')).toBe(true)
  painted.removeAttribute('data-early')
  expect(shape(painted)).toBe(shape(app))
  expect(shape(early.querySelector('header')!)).toBe(shape(container.querySelector('header')!))
  expect(shape(early.querySelector('[data-testid=next-up]')!)).toBe(shape(container.querySelector('[data-testid=next-up]')!))
  // a title that looks like HTML stays text; a javascript: URL is not a link
  expect(early.querySelector('img')).toBeNull()
  expect(early.querySelector('article[data-paper-id=c] .paper-title')!.textContent).toBe('<img src=x onerror="window.hacked=1">')
  expect([...early.querySelectorAll('a')].map((link) => link.getAttribute('href'))).not.toContain('javascript:alert(1)')
  expect(early.querySelectorAll('article[data-paper-id=c] .links a').length).toBe(2)
})

test('a tap on an early row records the wanted vote and shows it pressed at once; a read-only list takes no taps', () => {
  const root = document.createElement('div')
  document.body.append(root)
  const wants = new Map<string, boolean>()
  paintCachedView(root, view, LIST, false, wants)
  const button = (id: string) => root.querySelector<HTMLButtonElement>(`article[data-paper-id=${id}] button.vote`)!
  button('a').click()
  expect(wants.get('a')).toBe(true)
  expect(button('a').getAttribute('aria-pressed')).toBe('true')
  expect(button('a').classList.contains('voted')).toBe(true)
  expect(button('a').getAttribute('aria-label')).toBe('4 votes. Remove my vote for Paper a')
  expect(button('a').querySelector('[data-testid=vote-count]')!.textContent).toBe('4')
  // my stored vote, taken back; then a again: the latest tap per paper, in the order tapped
  button('b').click()
  button('a').click()
  expect([...wants]).toEqual([['b', false], ['a', false]])
  expect(button('b').getAttribute('aria-label')).toBe('1 vote. Vote for Paper b')
  // the app's intents over the same map see the taps
  expect(createVoteIntents(wants).wanted('b' as never)).toBe(false)

  const readOnly = document.createElement('div')
  const none = new Map<string, boolean>()
  paintCachedView(readOnly, view, LIST, true, none)
  const locked = readOnly.querySelector<HTMLButtonElement>('button.vote')!
  expect(locked.disabled).toBe(true)
  locked.click()
  expect(none.size).toBe(0)
})

test('the first script paints only a stored list’s home, with a name set, no key in the address, and agrees with the app’s patterns', () => {
  const at = (pathname: string, search = '', hash = '') => earlyRoute({ pathname, search, hash }, localStorage)
  // no name yet: the name prompt shows first
  localStorage.setItem('shortlist.lists', JSON.stringify([{ id: LIST, fragment: SECRET, name: 'x', lastOpened: 1 }]))
  expect(at(`/l/${LIST}`)).toBeNull()
  localStorage.setItem('shortlist.identity', JSON.stringify({ memberId: 'm1', name: 'Ada', colour: '#e8590c' }))
  expect(at(`/l/${LIST}`)).toEqual({ listId: LIST, readOnly: false })
  expect(at(`/l/${LIST}/`, '?q=graph')).toEqual({ listId: LIST, readOnly: false })
  expect(at(`/l/${LIST}`, `?paper=p1`)).toBeNull()
  expect(at(`/l/${LIST}`, '', `#${SECRET}`)).toBeNull()
  expect(at('/')).toBeNull()
  expect(at('/share', '?url=https://example.org')).toBeNull()
  expect(at(`/l/${'C'.repeat(22)}`)).toBeNull()
  localStorage.setItem('shortlist.lists', JSON.stringify([{ id: LIST, fragment: `ro-${SECRET}` }]))
  expect(at(`/l/${LIST}`)).toEqual({ listId: LIST, readOnly: true })
  localStorage.setItem('shortlist.lists', '{not json')
  expect(at(`/l/${LIST}`)).toBeNull()
  // the patterns it copies say what the app's say
  for (const id of [LIST, 'short', `${LIST}A`, 'AAAAAAAAAAAAAAAAAAAAA!']) {
    localStorage.setItem('shortlist.lists', JSON.stringify([{ id, fragment: SECRET }]))
    expect(at(`/l/${id}`) !== null, id).toBe(LIST_ID_PATTERN.test(id))
  }
  for (const fragment of [SECRET, `ro-${SECRET}`, 'short', `ro-${SECRET}x`, `${SECRET}/name`]) {
    localStorage.setItem('shortlist.lists', JSON.stringify([{ id: LIST, fragment }]))
    expect(at(`/l/${LIST}`) !== null, fragment).toBe(parseFragment(fragment) !== null)
  }
  expect(SECRET_PATTERN.test(SECRET)).toBe(true)
})
