/**
 * Preloaded (`node --expose-gc --require`) into every relay the benchmark starts, Shortlist's
 * and the baseline alike: on SIGUSR2 it runs a full garbage collection, so that memory read
 * from outside the process reflects live data rather than garbage not yet collected.
 */
'use strict'
process.on('SIGUSR2', () => {
  if (typeof globalThis.gc === 'function') {
    globalThis.gc()
    globalThis.gc()
  }
})
