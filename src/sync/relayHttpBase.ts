import { SYNC_BASE } from '../protocol/routes.js'

/**
 * The relay's HTTP base for a sync URL: `wss://host/sync` → `https://host`. The relay serves
 * its HTTP routes (lookup, feeds, freeze, delete) on the same origin as `/sync`; callers
 * import this small module instead of the metadata filler that once held it.
 */
export function lookupBaseUrl(syncUrl: string): string {
  return syncUrl.replace(/^ws(s?):\/\//, 'http$1://').replace(new RegExp(`${SYNC_BASE}/?$`), '')
}
