/**
 * Stands in for `lib0/logging` in the app's build (see `vite.config.ts`). Yjs imports it only
 * to print a few warnings (`print`, `warn` and four style markers), but the real module
 * brings lib0's DOM helpers and schema library along, about 5 KB gzip at start. These print
 * the same messages to the console, without the styles.
 */

/** Style markers Yjs puts between the parts of a message; dropped when printing. */
export const BOLD = Symbol('bold')
export const UNBOLD = Symbol('unbold')
export const RED = Symbol('red')
export const ORANGE = Symbol('orange')
export const GREEN = Symbol('green')
export const BLUE = Symbol('blue')
export const GREY = Symbol('grey')
export const PURPLE = Symbol('purple')
export const UNCOLOR = Symbol('uncolor')

const withoutStyles = (args: unknown[]): unknown[] => args.filter((arg) => typeof arg !== 'symbol')

/** Prints a message to the console. */
export const print = (...args: unknown[]): void => console.log(...withoutStyles(args))

/** Prints a warning to the console. */
export const warn = (...args: unknown[]): void => console.warn(...withoutStyles(args))
