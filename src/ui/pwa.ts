import { createSignal } from 'solid-js'

/** Set when a new service worker is waiting: calling it activates the new version and reloads. */
const [updateReady, setUpdateReady] = createSignal<(() => void) | null>(null)
export { updateReady }

/**
 * Registers the service worker (production builds only) and offers updates instead of
 * swapping them under a page mid-edit: a waiting worker is activated only when the user
 * clicks Reload. On a page that is not a secure context (plain HTTP on a LAN address) the
 * browser allows no service worker: nothing is tried and nothing is logged; the
 * `InsecureContextBanner` tells the user once.
 */
export async function registerServiceWorker(): Promise<void> {
  if (!globalThis.isSecureContext || !('serviceWorker' in navigator)) return
  const { Workbox } = await import('workbox-window')
  const wb = new Workbox('/sw.js', { scope: '/' })
  wb.addEventListener('waiting', () => {
    setUpdateReady(() => () => {
      wb.addEventListener('controlling', () => location.reload())
      wb.messageSkipWaiting()
    })
  })
  try {
    await wb.register()
  } catch {
    // no service worker (blocked, or insecure origin): the app still runs, just not offline-cold
  }
}

/**
 * Asks the browser once to keep this site's data (lists live on the device). A refusal is
 * normal (browsers decide by engagement) and is not shown as a problem.
 */
export async function askPersistentStorage(): Promise<void> {
  try {
    if (!navigator.storage?.persist || (await navigator.storage.persisted())) return
    if (localStorage.getItem('shortlist.persistAsked')) return
    localStorage.setItem('shortlist.persistAsked', '1')
    await navigator.storage.persist()
  } catch {
    // not supported: nothing to do
  }
}
