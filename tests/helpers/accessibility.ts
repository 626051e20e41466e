/**
 * Accessibility checks for end-to-end specs: axe-core run inside the page, tap-target sizes
 * measured from the rendered boxes, and both colour themes. A screen is a row in a table
 * (`A11yScreen`): a name and how to open it. New screens join the table without new code.
 */
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'

const require = createRequire(import.meta.url)
/** axe-core's own bundled source, injected into the page under test. */
const AXE_SOURCE = (require('axe-core') as { source: string }).source

/** Rule sets every screen must pass: WCAG 2.0/2.1/2.2 A and AA, plus axe's best practices. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] as const

/** Smallest tap target on a phone, in CSS px, both ways (WCAG 2.5.5's 44 × 44). */
export const MIN_TARGET_PX = 44

/** Colour themes, as `prefers-color-scheme` emulates them. */
export const THEMES = ['light', 'dark'] as const
/** One colour theme. */
export type Theme = (typeof THEMES)[number]

/** One axe violation, trimmed to what a failing assertion should show. */
export interface A11yViolation {
  rule: string
  impact: string
  help: string
  nodes: { target: string; summary: string }[]
}

/** A rendered interactive element and its box. */
export interface TapTarget {
  /** Tag, name and classes, for a readable failure. */
  element: string
  width: number
  height: number
  /**
   * Set for a link inside a sentence of running text (WCAG 2.5.8's inline exception): such a
   * link is reported but not held to the minimum size.
   */
  inline: boolean
}

/** A screen under test: how to get there from any page (a fresh `goto` is fine). */
export interface A11yScreen<Fixture> {
  name: string
  open(page: Page, fixture: Fixture): Promise<void>
  /** Leaves the screen as the next one expects (closes a sheet, confirms a prompt); optional. */
  close?(page: Page, fixture: Fixture): Promise<void>
  /** For screenshots: an element to scroll into view first (the part of the screen worth seeing). */
  showing?: string
}

/** A phone screenshot of what the viewport shows, after scrolling `showing` into view. */
export async function screenshotScreen(page: Page, path: string, showing?: string): Promise<void> {
  if (showing) await page.locator(showing).first().scrollIntoViewIfNeeded()
  await page.screenshot({ path })
}

/** What one screen scored in one theme. */
export interface A11yResult {
  screen: string
  theme: Theme
  violations: A11yViolation[]
  /** Text axe could not judge because of a gradient or image behind it. */
  unmeasured: AxeFindings['unmeasured']
  /** How many nodes failed, over all rules (axe's "violations" count per node). */
  violationNodes: number
  /** Targets under the minimum, inline links excluded. */
  smallTargets: TapTarget[]
  /** The smallest target measured (by its shorter side), inline links excluded. */
  smallest: TapTarget | null
  /** Links inside running text under the minimum, let through by WCAG 2.5.8's inline exception. */
  inlineSmall: TapTarget[]
  /** Number of targets measured. */
  targetCount: number
}

/** Switches the page's `prefers-color-scheme`; styles follow at once. */
export async function setTheme(page: Page, theme: Theme): Promise<void> {
  await page.emulateMedia({ colorScheme: theme, reducedMotion: 'reduce' })
}

/**
 * Why axe could not judge a text's contrast, for the reasons that hide a real failure: text
 * over a gradient or an image (the dark next-up card was white on a light gradient, and axe
 * cannot measure that). Screens must use solid backgrounds behind text.
 */
export const UNMEASURABLE_CONTRAST = ['bgGradient', 'bgImage'] as const

/** What axe found: violations, and text whose contrast it could not measure (`UNMEASURABLE_CONTRAST`). */
export interface AxeFindings {
  violations: A11yViolation[]
  unmeasured: { target: string; reason: string }[]
}

/** Injects axe-core into the page unless this document already has it. */
async function injectAxe(page: Page): Promise<void> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE)
}

/**
 * axe-core's violations inside the given parts of the page (CSS selectors), one line per rule
 * with its first five elements; all rules unless `tags` narrows them. If no rule passed there
 * (the parts are missing or empty) it says "nothing was checked", so an empty result is never vacuous.
 */
export async function axeViolationsIn(page: Page, parts: string[], tags?: readonly string[]): Promise<string[]> {
  await injectAxe(page)
  return page.evaluate(async ({ include, tags }) => {
    const axe = (window as unknown as { axe: typeof import('axe-core') }).axe
    const result = await axe.run({ include: include.map((selector) => [selector]) }, tags ? { runOnly: { type: 'tag', values: tags } } : {})
    if (!result.passes.length) return ['nothing was checked']
    return result.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).slice(0, 5).join(', ')}`)
  }, { include: parts, tags: tags ? [...tags] : undefined })
}

/** Runs axe-core in the page (injected once per document). */
export async function runAxe(page: Page): Promise<AxeFindings> {
  await injectAxe(page)
  return page.evaluate(async ({ tags, unmeasurable }) => {
    const axe = (window as unknown as { axe: typeof import('axe-core') }).axe
    const results = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations', 'incomplete'] })
    const reasonOf = (node: { any: { data?: unknown }[] }) => {
      const data = node.any[0]?.data as { messageKey?: string } | undefined
      return data?.messageKey ?? ''
    }
    return {
      violations: results.violations.map((violation) => ({
        rule: violation.id,
        impact: violation.impact ?? '',
        help: violation.help,
        nodes: violation.nodes.map((node) => ({ target: node.target.join(' '), summary: (node.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 300) })),
      })),
      unmeasured: results.incomplete
        .filter((result) => result.id === 'color-contrast')
        .flatMap((result) => result.nodes.map((node) => ({ target: node.target.join(' '), reason: reasonOf(node) })))
        .filter((node) => unmeasurable.includes(node.reason)),
    }
  }, { tags: [...AXE_TAGS], unmeasurable: [...UNMEASURABLE_CONTRAST] as string[] })
}

/**
 * Measures every rendered interactive element (links, buttons, form fields, summaries,
 * elements with a widget role or a tab stop). With a modal dialog open only the dialog counts:
 * the page behind it is inert. A visually hidden file input is measured by its label, which
 * is what a finger hits. Closed `<details>` content and `display: none` are not rendered and
 * not measured.
 */
export async function measureTapTargets(page: Page): Promise<TapTarget[]> {
  return page.evaluate(() => {
    const selector = [
      'a[href]', 'button', 'input:not([type="hidden"])', 'select', 'textarea', 'summary',
      '[role="button"]', '[role="tab"]', '[role="link"]', '[role="menuitem"]', '[role="checkbox"]',
      '[role="radio"]', '[role="switch"]', '[tabindex]:not([tabindex="-1"])',
    ].join(', ')
    const root: ParentNode = document.querySelector('dialog:modal') ?? document
    const seen = new Set<Element>()
    const targets: { element: string; width: number; height: number; inline: boolean }[] = []
    const describe = (element: Element): string => {
      const name = (element.getAttribute('aria-label') ?? element.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 50)
      const classes = element.classList.length ? `.${[...element.classList].join('.')}` : ''
      return `${element.tagName.toLowerCase()}${classes} "${name}"`
    }
    // WCAG 2.5.8 inline exception: a link set inline in a block that has text of its own around it
    const inSentence = (element: Element): boolean => {
      if (element.tagName !== 'A' || getComputedStyle(element).display !== 'inline') return false
      let block = element.parentElement
      while (block && getComputedStyle(block).display === 'inline') block = block.parentElement
      if (!block) return false
      const words = (node: Node | null) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim().length
      return words(block) > words(element) + 3
    }
    const visuallyHidden = (element: Element, box: DOMRect) =>
      box.width <= 1 || box.height <= 1 || getComputedStyle(element).clipPath.startsWith('inset(50%')
    for (const found of root.querySelectorAll(selector)) {
      if (found.closest('[inert], [aria-hidden="true"]')) continue
      let element: Element = found
      const box = found.getBoundingClientRect()
      if (found.tagName === 'INPUT' && visuallyHidden(found, box)) element = found.closest('label') ?? found
      if (seen.has(element)) continue
      seen.add(element)
      const style = getComputedStyle(element)
      if (style.display === 'none' || style.visibility === 'hidden') continue
      const rect = element.getBoundingClientRect()
      if (rect.width === 0 && rect.height === 0) continue
      targets.push({ element: describe(element), width: Math.round(rect.width * 10) / 10, height: Math.round(rect.height * 10) / 10, inline: inSentence(element) })
    }
    return targets
  })
}

/**
 * Checks the current page in one theme: axe violations and tap targets. It starts from the
 * top of the page, so what sits under the sticky header (axe counts a target half under it as
 * obscured) does not depend on where an earlier step scrolled.
 */
export async function checkPage(page: Page, screen: string, theme: Theme): Promise<A11yResult> {
  await page.evaluate(() => window.scrollTo(0, 0))
  await setTheme(page, theme)
  const { violations, unmeasured } = await runAxe(page)
  const targets = await measureTapTargets(page)
  const held = targets.filter((target) => !target.inline)
  const small = (target: TapTarget) => target.width < MIN_TARGET_PX || target.height < MIN_TARGET_PX
  const smallest = held.reduce<TapTarget | null>((min, target) => (!min || Math.min(target.width, target.height) < Math.min(min.width, min.height) ? target : min), null)
  return {
    screen,
    theme,
    violations,
    unmeasured,
    violationNodes: violations.reduce((sum, violation) => sum + violation.nodes.length, 0),
    smallTargets: held.filter(small),
    inlineSmall: targets.filter((target) => target.inline && small(target)),
    smallest,
    targetCount: targets.length,
  }
}

/** A failure message naming each rule, its first nodes and each small target. */
export function describeResult(result: A11yResult, nodesPerRule = 5): string {
  const lines = [`${result.screen} (${result.theme}): ${result.violationNodes} axe nodes, ${result.smallTargets.length} small targets, ${result.unmeasured.length} unmeasurable texts`]
  for (const node of result.unmeasured.slice(0, 10)) lines.push(`  contrast not measurable (${node.reason}): ${node.target}`)
  for (const violation of result.violations) {
    lines.push(`  [${violation.impact}] ${violation.rule}: ${violation.help} (${violation.nodes.length})`)
    for (const node of violation.nodes.slice(0, nodesPerRule)) lines.push(`      ${node.target} — ${node.summary}`)
  }
  for (const target of result.smallTargets.slice(0, 30)) lines.push(`  small target ${target.width}×${target.height}: ${target.element}`)
  for (const target of result.inlineSmall.slice(0, 30)) lines.push(`  small inline link ${target.width}×${target.height}: ${target.element}`)
  return lines.join('\n')
}

/** One line per screen and theme: axe nodes (rules), targets measured, smallest target. */
export function summaryTable(results: A11yResult[]): string {
  const rows = results.map((result) => {
    const smallest = result.smallest ? `${result.smallest.width}×${result.smallest.height} ${result.smallest.element}` : '-'
    return `${result.screen.padEnd(16)} ${result.theme.padEnd(5)} axe ${String(result.violationNodes).padStart(3)} (${result.violations.map((violation) => violation.rule).join(', ') || 'none'}), ${result.unmeasured.length} unmeasurable · targets ${result.targetCount}, ${result.smallTargets.length} small, ${result.inlineSmall.length} small inline · smallest ${smallest}`
  })
  return rows.join('\n')
}
