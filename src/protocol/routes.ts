/** The relay's HTTP and websocket routes, built the same way by the app and matched by the relay. */

/** Base of the websocket endpoint, as a sync URL ends (y-websocket appends `/<listId>`). */
export const SYNC_BASE = '/sync'

/** Path prefix of the websocket endpoint: `/sync/<listId>`. */
export const SYNC_PATH = `${SYNC_BASE}/`

/** Metadata lookup: `GET /api/lookup?ids=…`. */
export const LOOKUP_PATH = '/api/lookup'

/** Finding papers by title: `POST /api/lookup/titles` with a `TitleLookupRequest` body. */
export const TITLE_LOOKUP_PATH = '/api/lookup/titles'

/** Citation counts: `GET /api/citations?ids=…` (arXiv ids and DOIs, as for the lookup). */
export const CITATIONS_PATH = '/api/citations'

/** Feed entries for a list's inbox: `GET /api/feeds?hf=<YYYY-MM-DD>&arxiv=<cat>,<cat>`. */
export const FEEDS_PATH = '/api/feeds'

/** Freezing a room whose list moved: `POST /api/rooms/<listId>/freeze`. */
export const freezePath = (listId: string): string => `/api/rooms/${encodeURIComponent(listId)}/freeze`

/** Matches a freeze path and captures the (still encoded) list id. */
export const FREEZE_ROUTE = /^\/api\/rooms\/([^/]+)\/freeze$/

/** Deleting a room for everyone: `DELETE /api/rooms/<listId>`. */
export const deletePath = (listId: string): string => `/api/rooms/${encodeURIComponent(listId)}`

/** Matches a room path and captures the (still encoded) list id. */
export const DELETE_ROUTE = /^\/api\/rooms\/([^/]+)$/

/** `baseUrl` (with or without a trailing slash) joined with a route path. */
export const routeUrl = (baseUrl: string, path: string): string => baseUrl.replace(/\/+$/, '') + path
