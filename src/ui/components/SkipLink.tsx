/** Id of the element a list's skip link moves focus to: the papers (tabs and ranked list). */
export const PAPERS_ID = 'papers'

/**
 * "Skip to the papers": the first tab stop on a list's home, hidden until focused. Focus moves
 * by script, not by following the `#` target, because a list's address fragment holds its key.
 */
export function SkipLink() {
  const jump = (event: MouseEvent) => {
    event.preventDefault()
    const target = document.getElementById(PAPERS_ID)
    if (!target) return
    target.focus({ preventScroll: true })
    target.scrollIntoView({ block: 'start' })
  }
  return <a class="skip-link" href={`#${PAPERS_ID}`} onClick={jump}>Skip to the papers</a>
}
