/**
 * Frame sizes on the sync socket. The relay closes any frame above its `maxFrameBytes`
 * (2 MiB by default) with `CLOSE.tooBig` (1009), so the app cuts every update it sends into
 * frames of at most `CLIENT_FRAME_BYTES`; after a 1009 it halves that size and tries again,
 * down to `MIN_CLIENT_FRAME_BYTES`, then stops and tells the user. A relay whose
 * `maxFrameBytes` is at least `CLIENT_FRAME_BYTES` never sees a retry.
 */

/** Largest frame the app sends on the sync socket. */
export const CLIENT_FRAME_BYTES = 1024 * 1024

/** Smallest frame size the app falls back to after closes for size; below it, it stops. */
export const MIN_CLIENT_FRAME_BYTES = 64 * 1024

/**
 * Most client blocks one update may carry on the wire. The relay's checks cost a few
 * microseconds per client block, so this bounds what one message can cost it (tens of
 * milliseconds); the relay closes a bigger one with `CLOSE.badFrame` before decoding it.
 */
export const MAX_CLIENTS_PER_UPDATE = 8_192

/**
 * Most client blocks the app puts in one frame: half the relay's bound, so a device
 * re-uploading a long-lived list (every app start that wrote drew a new client id) sends it
 * in several frames instead of being refused.
 */
export const CLIENT_FRAME_CLIENTS = MAX_CLIENTS_PER_UPDATE / 2
