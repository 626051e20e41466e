import { lazy } from 'solid-js'
import type { Component } from 'solid-js'
import { afterPaintWhenIdle } from './afterPaint.js'

/** How long an idle preload may wait for the page to go idle. */
const PRELOAD_WITHIN_MS = 5_000

/**
 * A component whose code loads on first use (Solid's `lazy`) and is also fetched once the page
 * has painted and gone idle. Its first use then needs no network: a member who opens a list
 * and goes offline before the service worker has cached the app can still add a paper or
 * export. A failed preload (offline already) is retried by the first use.
 */
export function lazyPreloaded<T extends Component<any>>(load: () => Promise<{ default: T }>): ReturnType<typeof lazy<T>> {
  const component = lazy(load)
  if (typeof window !== 'undefined') afterPaintWhenIdle(() => void component.preload().catch(() => undefined), PRELOAD_WITHIN_MS)
  return component
}
