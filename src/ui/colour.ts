/**
 * Colour arithmetic for readable text (WCAG 2.x relative luminance and contrast ratio), for
 * colours the theme does not fix in advance, such as a member's avatar colour.
 */

/** `#rrggbb` as 0–255 channels, or null for anything else. */
export function parseHex(colour: string): [number, number, number] | null {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(colour.trim())
  return match ? [parseInt(match[1]!, 16), parseInt(match[2]!, 16), parseInt(match[3]!, 16)] : null
}

/** WCAG relative luminance of a `#rrggbb` colour (0 black … 1 white). */
export function luminance(colour: string): number {
  const rgb = parseHex(colour)
  if (!rgb) throw new Error(`not a #rrggbb colour: ${colour}`)
  const [r, g, b] = rgb.map((channel) => {
    const value = channel / 255
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4
  }) as [number, number, number]
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}

/** WCAG contrast ratio of two `#rrggbb` colours, 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number]
  return (light + 0.05) / (dark + 0.05)
}

/**
 * Black or white, whichever reads better on `background` (at least 4.58:1 for any colour).
 * Anything but `#rrggbb` gets white, the avatars' default.
 */
export function textColourOn(background: string): '#000000' | '#ffffff' {
  if (!parseHex(background)) return '#ffffff'
  return contrastRatio('#ffffff', background) >= contrastRatio('#000000', background) ? '#ffffff' : '#000000'
}
