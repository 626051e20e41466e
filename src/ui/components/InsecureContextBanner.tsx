import { Show, createSignal } from 'solid-js'
import readmeUrl from '../../../README.md?url'
import './insecureContextBanner.css'

/** Where the README explains serving over HTTPS (the heading's anchor). */
export const HTTPS_HELP_URL = `${readmeUrl}#plain-http-and-https`

/** Key under which this device remembers that the banner was dismissed. */
const DISMISSED_KEY = 'shortlist.insecureBannerDismissed'

function wasDismissed(storage: Storage | null): boolean {
  try {
    return storage?.getItem(DISMISSED_KEY) === '1'
  } catch {
    return false
  }
}

/**
 * Shown when the page is not a secure context (plain HTTP on a LAN address, such as
 * `http://labserver:8080`): sync works, but the browser allows no service worker, so there is
 * no offline start and no installing to the home screen. Links to the README's HTTPS section.
 * Dismissed once per device.
 */
export function InsecureContextBanner(props: { secure?: boolean; storage?: Storage | null }) {
  const storage = props.storage === undefined ? (globalThis.localStorage ?? null) : props.storage
  const secure = props.secure ?? globalThis.isSecureContext !== false
  const [dismissed, setDismissed] = createSignal(wasDismissed(storage))
  const dismiss = () => {
    setDismissed(true)
    try {
      storage?.setItem(DISMISSED_KEY, '1')
    } catch {
      // storage refused: hidden for this visit only
    }
  }
  return (
    <Show when={!secure && !dismissed()}>
      <aside class="insecure-banner" role="note" aria-label="Connection without HTTPS">
        <p>
          <strong>This page is served over plain HTTP.</strong> Sync works, but opening the app offline and installing it to the home screen need HTTPS.{' '}
          <a href={HTTPS_HELP_URL} target="_blank" rel="noopener">How to serve Shortlist over HTTPS</a>
        </p>
        <button type="button" class="insecure-banner-dismiss" onClick={dismiss}>Got it</button>
      </aside>
    </Show>
  )
}
