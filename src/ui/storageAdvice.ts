/**
 * What to tell a member about how long this browser keeps the lists. Pure, so it is tested
 * without a browser: the component passes in what the browser reports.
 */

/** What the browser reports about itself. */
export interface BrowserFacts {
  userAgent: string
  /** `navigator.platform`; iPadOS 13+ says "MacIntel" and has touch points. */
  platform: string
  maxTouchPoints: number
  /** Running as an installed app (`display-mode: standalone`, or iOS's `navigator.standalone`). */
  standalone: boolean
}

/** True on an iPhone, iPad or iPod (including iPadOS, which presents itself as a Mac). */
export function isIos(facts: BrowserFacts): boolean {
  return /iPad|iPhone|iPod/.test(facts.userAgent) || (facts.platform === 'MacIntel' && facts.maxTouchPoints > 1)
}

/**
 * True in iOS Safari outside an installed app: there WebKit deletes a site's storage after
 * seven days without a visit, so changes that never reached the relay would go with it.
 * Other iOS browsers (CriOS, FxiOS, EdgiOS) are left out: the advice names Safari's menu.
 */
export function shouldSuggestInstall(facts: BrowserFacts): boolean {
  return isIos(facts) && /Safari\//.test(facts.userAgent) && !/CriOS|FxiOS|EdgiOS/.test(facts.userAgent) && !facts.standalone
}

/** The facts of the running browser. */
export function browserFacts(): BrowserFacts {
  const nav = navigator as Navigator & { standalone?: boolean }
  return {
    userAgent: nav.userAgent,
    platform: nav.platform ?? '',
    maxTouchPoints: nav.maxTouchPoints ?? 0,
    standalone: globalThis.matchMedia?.('(display-mode: standalone)').matches === true || nav.standalone === true,
  }
}
