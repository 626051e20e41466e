/** The page's `window` as an event source (page lifecycle, network), or null outside a browser (tests in Node). */
export function windowEvents(): EventTarget | null {
  return typeof window !== 'undefined' && typeof window.addEventListener === 'function' ? window : null
}
