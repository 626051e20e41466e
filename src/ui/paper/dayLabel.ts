/** A day as a reader says it ("3 Dec 2026" in their locale), or '' for no time: for when a paper or comment was added. */
export const dayLabel = (at: number): string =>
  at ? new Date(at).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' }) : ''
