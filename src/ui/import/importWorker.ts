/**
 * Reads pasted text or a file off the page's thread: the parsers (with their large BibTeX
 * library) run here, so a file of thousands of entries never freezes scrolling or typing.
 * Protocol: one `{ text, batchSize }` message in; `progress` messages, then one `done` out.
 */
import { parsePapersBatched } from '../../io/index.js'
import type { ParseResult } from '../../io/index.js'

/** A message from the worker to the page. */
export type ImportWorkerMessage =
  | { type: 'progress'; done: number; total: number }
  | { type: 'done'; result: ParseResult }
  | { type: 'failed' }

const post = (message: ImportWorkerMessage) => (self as unknown as Worker).postMessage(message)

self.onmessage = async (event: MessageEvent<{ text: unknown; batchSize: number }>) => {
  try {
    const text = typeof event.data?.text === 'string' ? event.data.text : ''
    const result = await parsePapersBatched(text, {
      batchSize: event.data?.batchSize ?? 200,
      onProgress: (done, total) => post({ type: 'progress', done, total }),
    })
    post({ type: 'done', result })
  } catch {
    post({ type: 'failed' })
  }
}
