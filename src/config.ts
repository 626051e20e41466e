/**
 * The app's configuration, read once from `import.meta.env`. Only this module reads it, so
 * every other module takes typed values and tests can pass their own.
 */
import { SYNC_BASE } from './protocol/routes.js'

/** What the app needs to know about where it runs. */
export interface AppConfig {
  /**
   * Base websocket URL of the relay's sync endpoint; the list id is appended as the room.
   * Default: the page's own origin + `/sync`, because the relay serves the app too.
   */
  syncUrl: string
  /** True in a production build: only then is the service worker registered (dev stays uncached). */
  production: boolean
}

/** Reads the config from the build environment and the page location; fails fast on a bad override. */
export function readConfig(env: ImportMetaEnv = import.meta.env, origin: string = location.origin): AppConfig {
  const override = typeof env.VITE_SYNC_URL === 'string' ? env.VITE_SYNC_URL.trim() : ''
  if (override && !/^wss?:\/\//.test(override)) throw new Error(`VITE_SYNC_URL must start with ws:// or wss://, got "${override}"`)
  return {
    syncUrl: override || origin.replace(/^http/, 'ws') + SYNC_BASE,
    production: env.PROD === true,
  }
}
