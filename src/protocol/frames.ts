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
