/**
 * Splits the display names the document stores ("Ludwig van Beethoven", "Martin Luther
 * King, Jr.") into the parts citation formats want, and folds names to ASCII for cite keys.
 */

/** A person's name in parts, or a literal (an organisation, a single word with spaces kept). */
export interface NameParts {
  given: string
  /** Lower-case particles before the family name: "van der", "de". */
  particle: string
  family: string
  suffix: string
}

const PARTICLE = /^(?:van|von|der|den|de|del|della|di|da|du|la|le|dos|das|ter|ten|zu|af|av|bin|al)$/

/** Splits a display name: the last word is the family name, lower-case particles join it, a ", Jr." tail is the suffix. */
export function splitName(name: string): NameParts {
  const [main = '', ...rest] = name.split(',').map((part) => part.trim())
  const suffix = rest.join(', ')
  const words = main.split(/\s+/).filter(Boolean)
  if (words.length <= 1) return { given: '', particle: '', family: words[0] ?? '', suffix }
  let familyStart = words.length - 1
  while (familyStart > 1 && PARTICLE.test(words[familyStart - 1]!)) familyStart--
  return {
    given: words.slice(0, familyStart).join(' '),
    particle: words.slice(familyStart, words.length - 1).join(' '),
    family: words.at(-1)!,
    suffix,
  }
}

const FOLD: Record<string, string> = { ß: 'ss', æ: 'ae', Æ: 'AE', ø: 'o', Ø: 'O', đ: 'd', Đ: 'D', ł: 'l', Ł: 'L', þ: 'th', Þ: 'TH', œ: 'oe', Œ: 'OE', ı: 'i' }

/** Folds text to lower-case ASCII letters and digits only ("Müller" → "muller"), for cite keys. */
export function asciiKey(text: string): string {
  return text
    .replace(/[ßæÆøØđĐłŁþÞœŒı]/g, (char) => FOLD[char] ?? char)
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
}
