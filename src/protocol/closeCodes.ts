/**
 * Close codes the relay sends, by name. The stock y-websocket client (3.1) treats 4400–4499
 * as permanent (it stops reconnecting and emits `closed`) and everything else as transient,
 * so "this will never work" uses 44xx and "try again later" uses 1013 / 45xx.
 */
export const CLOSE = {
  /** Server shutting down; clients reconnect with their jittered backoff. */
  goingAway: { code: 1001, reason: 'going-away' },
  /** A frame above `maxFrameBytes` (sent by `ws` itself when `maxPayload` is exceeded). */
  tooBig: { code: 1009, reason: 'frame-too-big' },
  /** Too many connections from one address, or the server is full: retry later. */
  tryLater: { code: 1013, reason: 'try-later' },
  /** The relay failed while handling this socket (a bug, not the client's input): this socket only, retry later. */
  internalError: { code: 1011, reason: 'internal-error' },
  /** Bytes that do not decode as a y-websocket message or a valid Yjs update. */
  badFrame: { code: 4400, reason: 'bad-frame' },
  /** Wrong token, unknown room, or no token: identical on purpose, so room existence never leaks. */
  forbidden: { code: 4403, reason: 'forbidden' },
  /** The room name does not match the list id pattern. */
  badRoom: { code: 4404, reason: 'bad-room' },
  /** An update whose dependencies never arrived within the grace period. */
  missingDeps: { code: 4409, reason: 'missing-deps' },
  /**
   * The room was frozen because its list moved to a new link: reads still work, every write
   * is refused (nothing stored or forwarded). The app tells the user to ask for the new link.
   */
  frozen: { code: 4410, reason: 'frozen' },
  /**
   * A writer deleted the list for everyone: the relay dropped the room's data and refuses
   * its tokens for good. The app tells the user and keeps the device's copy for export.
   */
  deleted: { code: 4411, reason: 'deleted' },
  /** The room reached its size cap; further writes are refused and nothing was stored. */
  roomFull: { code: 4413, reason: 'room-full' },
  /** The relay holds as many rooms (or room bytes) in memory as it may: retry later. */
  relayBusy: { code: 4503, reason: 'relay-busy' },
  /** The relay's storage is at its total size cap: nothing was stored; the client keeps its changes and retries later. */
  storageFull: { code: 4507, reason: 'storage-full' },
  /**
   * The relay cannot reach its database (PostgreSQL) right now: nothing was stored. The app
   * shows "relay can't save right now", keeps the edits on the device and delivers them when
   * the relay can store again (the client reconnects with its jittered backoff).
   */
  storeUnavailable: { code: 4506, reason: 'store-unavailable' },
  /** The client stopped reading: its outgoing buffer passed the relay's hard limit. Retry later. */
  slowReader: { code: 4508, reason: 'slow-reader' },
  /** Too many messages too fast from one connection: retry later. */
  rateLimited: { code: 4529, reason: 'rate-limited' },
  /** This address created too many new lists in the last hour: retry later. */
  tooManyNewRooms: { code: 4530, reason: 'too-many-new-rooms' },
} as const

/** One of the named close reasons. */
export type CloseReason = (typeof CLOSE)[keyof typeof CLOSE]

/** Close codes after which a client waits a random while before reconnecting, so a restarting relay is not hit by every client at once. */
export const JITTERED_CLOSE_CODES: ReadonlySet<number> = new Set([
  CLOSE.goingAway.code,
  CLOSE.tryLater.code,
  CLOSE.internalError.code,
  CLOSE.relayBusy.code,
  CLOSE.storageFull.code,
  CLOSE.storeUnavailable.code,
  CLOSE.slowReader.code,
  CLOSE.tooManyNewRooms.code,
])

/** Whether a close means "this will never work" (4400–4499): the client stops instead of reconnecting. */
export const isPermanentClose = (code: number): boolean => code >= 4400 && code < 4500
