import { Match, Suspense, Switch, lazy } from 'solid-js'
import type { ListSection } from '../router.js'
import { ActivityView } from './ActivityView.js'
import { ArchiveView } from './ArchiveView.js'
import { MeetingsView } from './MeetingsView.js'
import './club.css'

const InboxView = lazy(() => import('../inbox/InboxView.js'))

/** A list's club section (loaded on first use, so the list's home stays light). */
export default function ClubSection(props: { section: ListSection }) {
  return (
    <Switch>
      <Match when={props.section === 'meetings'}><MeetingsView /></Match>
      <Match when={props.section === 'archive'}><ArchiveView /></Match>
      <Match when={props.section === 'activity'}><ActivityView /></Match>
      <Match when={props.section === 'inbox'}><Suspense><InboxView /></Suspense></Match>
    </Switch>
  )
}
