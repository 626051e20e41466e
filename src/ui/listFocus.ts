import { createSignal } from 'solid-js'
import type { PaperId } from '../doc/ids.js'

/** A request to bring one paper's row into view and highlight it; `seq` tells two requests for one paper apart. */
export interface ShowRequest {
  id: PaperId
  seq: number
}

const [request, setRequest] = createSignal<ShowRequest | null>(null)
let seq = 0

/**
 * The latest request to show a paper (after an add, or "Show" on its toast). The list page
 * answers it: it shows the queue with a query that includes the paper, then scrolls the row
 * into view and highlights it. A windowed list may read it to scroll exactly.
 */
export const paperToShow = request

/** Asks the list to scroll to a paper and highlight it. */
export function showPaper(id: PaperId): void {
  setRequest({ id, seq: ++seq })
}

/** Marks a request answered, so returning to the list later does not scroll again. */
export function paperShown(done: ShowRequest): void {
  if (request() === done) setRequest(null)
}
