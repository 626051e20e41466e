/**
 * Where this device keeps its identity and its lists in `localStorage`: named once, for the
 * app (`identity.ts`, `lists.ts`) and the page's first script (`src/boot/earlyRoute.ts`).
 */

/** This device's member (`Identity` as JSON). */
export const IDENTITY_STORAGE_KEY = 'shortlist.identity'

/** The lists this device knows (`KnownList[]` as JSON). */
export const LISTS_STORAGE_KEY = 'shortlist.lists'
