/**
 * Reads papers from text for the Add box: a large text in a Web Worker (the page stays
 * responsive however large the file), a short one (or where workers are missing) on the
 * page, in slices that yield between batches. Either way the parsers load only on the first import.
 */
import type { ParseResult } from '../../io/index.js'
import type { ImportWorkerMessage } from './importWorker.js'

/** A read in progress; `cancel` stops it (the promise then never settles). */
export interface PaperRead {
  result: Promise<ParseResult>
  cancel(): void
}

/** Below this many characters a read takes a few milliseconds: starting a worker would cost more. */
export const WORKER_FROM_CHARS = 100_000

/** Reads `text`, reporting progress (`done` of `total` entries). */
export function readPapers(text: string, options: { batchSize: number; onProgress: (done: number, total: number) => void }): PaperRead {
  if (text.length < WORKER_FROM_CHARS || typeof Worker === 'undefined') return readOnPage(text, options)
  let worker: Worker
  try {
    worker = new Worker(new URL('./importWorker.ts', import.meta.url), { type: 'module', name: 'shortlist-import' })
  } catch {
    return readOnPage(text, options)
  }
  const result = new Promise<ParseResult>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<ImportWorkerMessage>) => {
      const message = event.data
      if (message.type === 'progress') return options.onProgress(message.done, message.total)
      worker.terminate()
      if (message.type === 'done') resolve(message.result)
      else reject(new Error('The papers could not be read.'))
    }
    worker.onerror = (event) => {
      // the worker's script could not load (e.g. offline before it was cached): read on the page
      event.preventDefault()
      worker.terminate()
      readOnPage(text, options).result.then(resolve, reject)
    }
    worker.postMessage({ text, batchSize: options.batchSize })
  })
  return { result, cancel: () => worker.terminate() }
}

function readOnPage(text: string, options: { batchSize: number; onProgress: (done: number, total: number) => void }): PaperRead {
  let cancelled = false
  const result = import('../../io/index.js').then(({ parsePapersBatched }) =>
    parsePapersBatched(text, { batchSize: options.batchSize, onProgress: (done, total) => !cancelled && options.onProgress(done, total) }))
  return { result, cancel: () => { cancelled = true } }
}
