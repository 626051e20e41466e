import type { ReadingState } from '../doc/schema.js'

/** The reading states a member picks from, with their button labels: the paper page and the meeting card offer the same three. */
export const READING_CHOICES: readonly { state: ReadingState; label: string }[] = [
  { state: 'unread', label: 'Unread' },
  { state: 'reading', label: 'Reading' },
  { state: 'read', label: 'Read' },
]
