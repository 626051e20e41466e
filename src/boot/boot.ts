/**
 * The page's first script (a few KB, no Solid, no Yjs): on a list's home it reads the list's
 * cached view from IndexedDB and paints its first rows as plain DOM, then loads the app, whose
 * cached page takes the rows over in one task (`earlyStart.ts`). The app's chunks are fetched,
 * compiled and evaluated only after the rows have painted: a module compiling or evaluating
 * holds back the IndexedDB read's callback and the frame (a `<link rel="modulepreload">` is
 * compiled on the main thread as it arrives, so the page has none).
 * Marks `shortlist:boot` (this script runs) and watches for `shortlist:first-rows`.
 */
import { readCachedView } from '../sync/cachedView.js'
import { markFirstRows } from '../ui/firstRowsMark.js'
import { earlyRoute } from './earlyRoute.js'
import { appHasStarted, setEarlyStart } from './earlyStart.js'
import { paintCachedView } from './paintCachedView.js'
import '../ui/styles.css'

/**
 * How long the app waits for the cached view to be read before it loads anyway (a stuck
 * database must not hold the list back; a view read later still paints if the app has not
 * rendered yet). Generous: on a slow phone opening the database alone can take a few hundred
 * ms, and the app loading in the meantime holds the read's callback back until it has rendered
 * without the view; the list's document needs the same database anyway.
 */
const READ_WAIT_MS = 1_000

performance.mark('shortlist:boot')
const root = document.getElementById('app')!
markFirstRows(root)

let appLoading = false
const loadApp = () => {
  if (appLoading) return
  appLoading = true
  void import('../main.js')
}

/** Paints the list's cached view when there is one for this address, then loads the app after that paint. */
async function paintEarly(): Promise<void> {
  const route = earlyRoute(location, localStorage)
  if (!route) return loadApp()
  const waiting = setTimeout(loadApp, READ_WAIT_MS)
  const query = location.search
  const view = await readCachedView(route.listId)
  clearTimeout(waiting)
  // once the app has rendered, the page is its own (it reads the view again)
  if (!view || view.query !== query || appHasStarted()) return loadApp()
  const wants = new Map<string, boolean>()
  const painted = paintCachedView(root, view, route.listId, route.readOnly, wants)
  setEarlyStart({ listId: route.listId, query, view, wants, focusedPaperId: painted.focusedPaperId })
  // after the frame that shows the rows, once it is marked (a tab in the background gets no frames: it loads at once)
  if (document.visibilityState === 'hidden') loadApp()
  else markFirstRows(root, loadApp)
}

void paintEarly().catch(loadApp)
