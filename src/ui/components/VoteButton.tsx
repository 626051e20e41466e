/**
 * My vote toggle with the paper's vote count. Its name starts with what it shows (the count,
 * WCAG 2.5.3), then says what a tap does: "2 votes. Vote for <title>".
 */
export function VoteButton(props: { title: string; count: number; voted: boolean; disabled?: boolean; onToggle: () => void }) {
  return (
    <button
      type="button"
      class="vote"
      classList={{ voted: props.voted }}
      aria-pressed={props.voted}
      aria-label={`${props.count} ${props.count === 1 ? 'vote' : 'votes'}. ${props.voted ? 'Remove my vote for' : 'Vote for'} ${props.title}`}
      disabled={props.disabled}
      onClick={() => props.onToggle()}
    >
      <span class="arrow" aria-hidden="true">▲</span>
      <span class="count" data-testid="vote-count">{props.count}</span>
    </button>
  )
}
