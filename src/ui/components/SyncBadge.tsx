import type { ConnectionState, StopReason } from '../../sync/status.js'

const LABEL: Record<ConnectionState, string> = { offline: 'Offline — changes kept on this device', connecting: 'Connecting…', synced: 'Synced' }

/** What the badge says when the relay stopped the connection for good, and what the member can do. */
const STOPPED: Record<StopReason, { label: string; detail?: string }> = {
  moved: { label: 'This list was moved to a new link. Ask for the new link.' },
  'too-large': {
    label: 'This change is too large for the relay',
    detail: 'It is kept on this device. Export a backup, or ask whoever runs the relay to raise its frame limit (SHORTLIST_MAX_FRAME_BYTES).',
  },
  'room-full': {
    label: 'This list is full on the relay',
    detail: 'New changes are kept on this device. Export a backup, or ask whoever runs the relay to raise its room limit (SHORTLIST_MAX_ROOM_BYTES).',
  },
  deleted: { label: 'This list was deleted for everyone' },
  refused: { label: 'Refused by the relay' },
}

/** What the badge says while the relay cannot store anything (close code `storeUnavailable`). */
export const CANNOT_SAVE_LABEL = "Relay can't save right now — changes kept on this device"

/** Text for the changes this device holds that the relay has not confirmed. */
export function unsyncedLabel(pending: number): string {
  return pending > 0 ? `${pending} ${pending === 1 ? 'change' : 'changes'} not yet on the relay` : 'Not yet on the relay'
}

/** The always-visible sync state: connection, and whether the relay has all my changes. */
export function SyncBadge(props: { connection: ConnectionState; unsynced: boolean; pending: number; stopped?: StopReason | null; cannotSave?: boolean }) {
  const stopped = (): StopReason | null => props.stopped ?? null
  const state = () => (props.unsynced && props.connection === 'synced' ? 'pending' : props.connection)
  const label = () => {
    const reason = stopped()
    if (reason) return STOPPED[reason].label
    if (props.cannotSave && props.connection !== 'synced') return CANNOT_SAVE_LABEL
    return props.unsynced && props.connection === 'synced' ? 'Sending…' : LABEL[props.connection]
  }
  return (
    <p class="sync-badge" data-state={state()} data-unsynced={props.unsynced ? 'true' : 'false'} data-stopped={stopped() ?? undefined} role="status" aria-live="polite">
      <span class="dot" aria-hidden="true" />
      <span class="sync-connection">{label()}</span>
      {props.unsynced && <span class="sync-unsynced">{unsyncedLabel(props.pending)}</span>}
      {stopped() && STOPPED[stopped()!].detail && <span class="sync-detail">{STOPPED[stopped()!].detail}</span>}
    </p>
  )
}
