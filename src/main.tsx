/**
 * Composition root, loaded by the page's first script (`boot/boot.ts`) once it has painted
 * what it could: read the config, render the app (replacing the first script's rows in the
 * same task; the app's cached page takes them over) (each list page opens its doc, awaits
 * the device copy, then connects the relay), register the service worker in production once
 * the first rows are painted (or 3 s passed), and ask once for persistent storage. Performance marks for the bench: `shortlist:script`
 * (this module runs; `shortlist:boot` is the first script's), `shortlist:first-rows` (the first list rows painted, `firstRowsMark.ts`),
 * `shortlist:doc-loaded` (the stored list is in its doc, `sync/localStore.ts`).
 */
import { render } from 'solid-js/web'
import { clearForApp } from './boot/earlyStart.js'
import { readConfig } from './config.js'
import { App } from './ui/App.js'
import { markFirstRows } from './ui/firstRowsMark.js'
import { askPersistentStorage, registerServiceWorker } from './ui/pwa.js'
import './ui/styles.css'

performance.mark('shortlist:script')
const config = readConfig()
const root = document.getElementById('app')!
const keepScroll = clearForApp(root)
// the service worker's script is fetched after the first rows are painted, not before (the watch started in the first script)
markFirstRows(root, () => {
  if (config.production) void registerServiceWorker()
})
render(() => <App config={config} />, root)
keepScroll()
void askPersistentStorage()
