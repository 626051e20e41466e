import { Match, Show, Suspense, Switch, createMemo, createSignal, lazy } from 'solid-js'
import type { AppConfig } from '../config.js'
import { loadIdentity } from '../sync/identity.js'
import { InsecureContextBanner } from './components/InsecureContextBanner.js'
import { SkipLink } from './components/SkipLink.js'
import { splitLinkFragment } from '../sync/shareLink.js'
import { Toasts } from './components/Toasts.js'
import { UpdatePrompt } from './components/UpdatePrompt.js'
import { ListRoute } from './pages/ListRoute.js'
import { linkClick, listSection, route } from './router.js'

/** The share target's page loads only when another app shares to Shortlist. */
const SharePage = lazy(() => import('./import/SharePage.js'))
/** The home page and the first-run name prompt load on first use: opening a list needs neither. */
const HomePage = lazy(() => import('./pages/HomePage.js').then((module) => ({ default: module.HomePage })))
const Welcome = lazy(() => import('./pages/Welcome.js').then((module) => ({ default: module.Welcome })))

/** The app: asks for a name on first run, then routes to home or a list. */
export function App(props: { config: AppConfig }) {
  const [identity, setIdentity] = createSignal(loadIdentity())
  const [renaming, setRenaming] = createSignal(false)
  const listRoute = createMemo(() => {
    const current = route()
    return current.page === 'list' ? current : null
  })
  const shareRoute = createMemo(() => {
    const current = route()
    return current.page === 'share' ? current : null
  })
  const onListHome = () => {
    const list = listRoute()
    return !!list && !list.paperId && !listSection()
  }
  return (
    <>
      <Show when={identity() && !renaming() && onListHome()}><SkipLink /></Show>
      <InsecureContextBanner />
      <Show when={!renaming() && identity()} fallback={
        <Suspense>
          <Welcome initial={identity()?.name} joining={!identity() && listRoute()?.fragment ? splitLinkFragment(listRoute()!.fragment).name : null} onDone={(next) => { setIdentity(next); setRenaming(false) }} />
        </Suspense>
      }>
        {(me) => (
          <Switch fallback={<NotFound />}>
            <Match when={route().page === 'home'}><Suspense><HomePage identity={me()} onRename={() => setRenaming(true)} /></Suspense></Match>
            <Match when={shareRoute()}>
              {(share) => <Suspense><SharePage share={share()} /></Suspense>}
            </Match>
            <Match when={listRoute()}>
              {(current) => (
                <ListRoute listId={current().listId} fragment={current().fragment} paperId={current().paperId} identity={me()} syncUrl={props.config.syncUrl} />
              )}
            </Match>
          </Switch>
        )}
      </Show>
      <UpdatePrompt />
      <Toasts />
    </>
  )
}

function NotFound() {
  return (
    <main class="page narrow">
      <h1>Nothing here</h1>
      <p><a href="/" onClick={linkClick}>Go to my lists</a></p>
    </main>
  )
}
