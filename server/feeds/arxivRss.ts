/**
 * arXiv's listing feeds (`https://rss.arxiv.org/rss/<category>`): RSS 2.0, one `<item>` per
 * paper announced today, with `<title>`, `<link>` (the abstract page), `<description>`
 * ("arXiv:2412.01234v1 Announce Type: new \n Abstract: …"), `<dc:creator>` (authors, comma
 * separated), `<pubDate>` and `<arxiv:announce_type>` (`new`, `cross`, `replace`,
 * `replace-cross`). New submissions and cross-lists are kept; replacements are old papers.
 */
import { XMLParser } from 'fast-xml-parser'
import { normalizeArxivId } from '../../src/doc/ids.js'
import { oneLine } from '../../src/io/text.js'
import type { FeedEntry } from '../../src/protocol/lookup.js'
import { MAX_FEED_ENTRIES } from '../../src/protocol/lookup.js'
import { toFeedEntry } from './entry.js'

/** arXiv's RSS service. */
export const ARXIV_RSS = 'https://rss.arxiv.org/rss/'

/** The URL of one category's listing. */
export const arxivRssUrl = (category: string): string => ARXIV_RSS + encodeURIComponent(category)

const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => name === 'item',
  processEntities: { enabled: true, maxEntityCount: 50, maxExpandedLength: 4_000_000 },
})

const MONTHS: Record<string, string> = { Jan: '01', Feb: '02', Mar: '03', Apr: '04', May: '05', Jun: '06', Jul: '07', Aug: '08', Sep: '09', Oct: '10', Nov: '11', Dec: '12' }

/** The new submissions and cross-lists of a listing (at most `MAX_FEED_ENTRIES`), or null when it is not RSS. Never throws. */
export function parseArxivRss(xml: string): FeedEntry[] | null {
  let root: Record<string, unknown>
  try {
    root = record(parser.parse(xml))
  } catch {
    return null
  }
  const channel = record(record(root.rss).channel)
  if (!('rss' in root) || !channel) return null
  const items = Array.isArray(channel.item) ? channel.item : []
  const entries: FeedEntry[] = []
  for (const raw of items.slice(0, MAX_FEED_ENTRIES)) {
    const item = record(raw)
    const kind = text(item.announce_type) || 'new'
    if (kind !== 'new' && kind !== 'cross') continue
    const arxivId = normalizeArxivId(text(item.link).replace(/^https?:\/\/arxiv\.org\/abs\//, ''))
    const title = oneLine(text(item.title))
    if (!arxivId || !title) continue
    const description = text(item.description)
    const abstract = oneLine(description.replace(/^[\s\S]*?Abstract:\s*/, ''))
    const authors = text(item.creator).split(/,\s*(?:and\s+)?|\s+and\s+/).map((name) => oneLine(name)).filter(Boolean)
    const date = /(\d{1,2}) (\w{3}) (\d{4})/.exec(text(item.pubDate))
    const published = date && MONTHS[date[2]!] ? `${date[3]}-${MONTHS[date[2]!]}-${date[1]!.padStart(2, '0')}` : ''
    entries.push(toFeedEntry({ arxivId, title, authors, abstract, published }))
  }
  return entries
}

const record = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {}
function text(value: unknown): string {
  if (typeof value === 'string') return value
  const inner = record(value)['#text']
  return typeof inner === 'string' ? inner : ''
}
