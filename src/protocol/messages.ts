/**
 * Top-level message types of the y-websocket wire protocol (y-websocket's numbering), used
 * by the relay's decoder and by the app's sync status. The sync sub-types (step 1, step 2,
 * update) are y-protocols' own constants (`y-protocols/sync`).
 */
export const MESSAGE = { sync: 0, awareness: 1, auth: 2, queryAwareness: 3 } as const
