/**
 * The one place the list code reads a Yjs internal. Yjs has no public way to ask whether a
 * doc is inside `transact` (the read cache in `paperIndex.ts` must step aside then, so a read
 * sees the transaction's own writes); `Doc._transaction` holds the open transaction and is
 * null outside one. Checked against the yjs version below by `tests/doc/yjsInternals.test.ts`,
 * which fails on any other installed version, so an upgrade re-checks this file first. If the
 * field disappears the read throws at once rather than silently reading stale data.
 */
import type * as Y from 'yjs'

/** The exact yjs version whose internals this adapter was checked against. */
export const YJS_CHECKED_VERSION = '13.6.33'

/** Thrown when the installed yjs no longer has what this adapter reads. */
export class YjsInternalsError extends Error {
  override name = 'YjsInternalsError'
}

/**
 * True while `doc` is inside `transact` (from the first write until Yjs starts the clean-up
 * that calls observers; observers themselves read false).
 * @throws YjsInternalsError if the installed yjs has no `Doc._transaction`.
 */
export function isInTransaction(doc: Y.Doc): boolean {
  const internals = doc as unknown as { _transaction?: unknown }
  if (!('_transaction' in internals)) {
    throw new YjsInternalsError(`yjs changed: Doc._transaction is gone (checked against ${YJS_CHECKED_VERSION}); see src/doc/yjsInternals.ts`)
  }
  return internals._transaction !== null
}
