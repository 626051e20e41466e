/** My vote toggle with the paper's vote count. */
export function VoteButton(props: { title: string; count: number; voted: boolean; disabled?: boolean; onToggle: () => void }) {
  return (
    <button
      type="button"
      class="vote"
      classList={{ voted: props.voted }}
      aria-pressed={props.voted}
      aria-label={`${props.voted ? 'Remove my vote for' : 'Vote for'} ${props.title} (${props.count} ${props.count === 1 ? 'vote' : 'votes'})`}
      disabled={props.disabled}
      onClick={() => props.onToggle()}
    >
      <span class="arrow" aria-hidden="true">▲</span>
      <span class="count" data-testid="vote-count">{props.count}</span>
    </button>
  )
}
