/**
 * My vote toggle with the paper's vote count. Its accessible name starts with what it shows
 * ("▲ 3 votes, vote for …"), so a voice user can say what they see.
 */
export function VoteButton(props: { title: string; count: number; voted: boolean; disabled?: boolean; onToggle: () => void }) {
  const label = () => `▲ ${props.count} ${props.count === 1 ? 'vote' : 'votes'}, ${props.voted ? 'remove my vote for' : 'vote for'} ${props.title}`
  return (
    <button
      type="button"
      class="vote"
      classList={{ voted: props.voted }}
      aria-pressed={props.voted}
      aria-label={label()}
      disabled={props.disabled}
      onClick={() => props.onToggle()}
    >
      <span class="arrow" aria-hidden="true">▲</span>
      <span class="count" data-testid="vote-count">{props.count}</span>
    </button>
  )
}
