import type { ConnectionState } from '../../sync/status.js'

const LABEL: Record<ConnectionState, string> = { offline: 'Offline', connecting: 'Connecting…', synced: 'Synced' }

/** Text for the changes this device holds that the relay has not confirmed. */
export function unsyncedLabel(pending: number): string {
  return pending > 0 ? `${pending} ${pending === 1 ? 'change' : 'changes'} not yet on the relay` : 'Not yet on the relay'
}

/** The always-visible sync state: connection, and whether the relay has all my changes. */
export function SyncBadge(props: { connection: ConnectionState; unsynced: boolean; pending: number; refused?: boolean; moved?: boolean }) {
  const state = () => (props.unsynced && props.connection === 'synced' ? 'pending' : props.connection)
  return (
    <p class="sync-badge" data-state={state()} data-unsynced={props.unsynced ? 'true' : 'false'} role="status" aria-live="polite">
      <span class="dot" aria-hidden="true" />
      <span class="sync-connection">
        {props.moved ? 'This list was moved to a new link. Ask for the new link.' : props.refused && props.connection !== 'synced' ? 'Refused by the relay' : props.unsynced && props.connection === 'synced' ? 'Sending…' : LABEL[props.connection]}
      </span>
      {props.unsynced && <span class="sync-unsynced">{unsyncedLabel(props.pending)}</span>}
    </p>
  )
}
