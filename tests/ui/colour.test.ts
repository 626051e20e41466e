import { readFileSync } from 'node:fs'
import { expect, test } from 'vitest'
import { COLOURS } from '../../src/sync/identity.js'
import { contrastRatio, textColourOn } from '../../src/ui/colour.js'

test('contrast ratios match the WCAG formula', () => {
  expect(contrastRatio('#ffffff', '#000000')).toBeCloseTo(21, 5)
  expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2)
  expect(contrastRatio('#ffffff', '#777777')).toBe(contrastRatio('#777777', '#ffffff'))
})

test('initials on any member colour read at 4.5:1 or better', () => {
  for (const colour of COLOURS) expect(contrastRatio(textColourOn(colour), colour), colour).toBeGreaterThanOrEqual(4.5)
  // colours a peer may have picked: a sweep over the whole cube
  for (let r = 0; r < 256; r += 17) for (let g = 0; g < 256; g += 17) for (let b = 0; b < 256; b += 17) {
    const colour = `#${[r, g, b].map((channel) => channel.toString(16).padStart(2, '0')).join('')}`
    expect(contrastRatio(textColourOn(colour), colour), colour).toBeGreaterThanOrEqual(4.5)
  }
  expect(textColourOn('red')).toBe('#ffffff')
})

/** The theme's custom properties, light and dark (dark falls back to light for what it does not set). */
function themes(): { light: Record<string, string>; dark: Record<string, string> } {
  const css = readFileSync('src/ui/styles.css', 'utf8')
  const variables = (block: string) => Object.fromEntries([...block.matchAll(/--([\w-]+):\s*(#[0-9a-f]{6})\s*;/gi)].map((match) => [match[1]!, match[2]!.toLowerCase()]))
  const light = variables(/:root\s*\{([^}]*)\}/.exec(css)![1]!)
  const dark = { ...light, ...variables(/@media \(prefers-color-scheme: dark\)\s*\{\s*:root\s*\{([^}]*)\}/.exec(css)![1]!) }
  return { light, dark }
}

test('every text colour of the theme reads at 4.5:1 on the backgrounds it is used on, in both themes', () => {
  const pairs: [string, string][] = [
    ...['text', 'muted', 'accent', 'ok', 'warn', 'danger'].flatMap((fg) => ['bg', 'surface', 'accent-soft'].map((bg) => [fg, bg] as [string, string])),
    ['warn', 'vote-soft'], ['vote', 'vote-soft'], ['text', 'vote-soft'],
    ['on-accent', 'accent'], ['on-vote', 'vote'], ['on-hero', 'hero'],
  ]
  const { light, dark } = themes()
  const failing: string[] = []
  for (const [name, theme] of [['light', light], ['dark', dark]] as const) {
    for (const [fg, bg] of pairs) {
      expect(theme[fg], `--${fg} in ${name}`).toBeDefined()
      expect(theme[bg], `--${bg} in ${name}`).toBeDefined()
      const ratio = contrastRatio(theme[fg]!, theme[bg]!)
      if (ratio < 4.5) failing.push(`${name}: --${fg} on --${bg} is ${ratio.toFixed(2)}:1`)
    }
  }
  expect(failing).toEqual([])
})
