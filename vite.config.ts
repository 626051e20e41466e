import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'
import solid from 'vite-plugin-solid'
import { VitePWA } from 'vite-plugin-pwa'

/** Yjs's only use of lib0's logging is a few console warnings; the stand-in keeps lib0's DOM and schema helpers out of the start bundle. */
const lib0Logging = fileURLToPath(new URL('./src/vendor/lib0Logging.ts', import.meta.url))

/**
 * The app's entry, loaded by the page's first script (`src/boot/boot.ts`) after the frame that
 * shows the cached rows. Not preloaded by the page: Chromium compiles a `<link rel="modulepreload">`
 * on the main thread as it arrives, which held the first script (and the rows) back by about
 * as long as fetching the app from the service worker after the paint takes.
 */
const appEntry = fileURLToPath(new URL('./src/main.tsx', import.meta.url))

/**
 * What the first script's chunk holds besides `src/boot/`: the cached view's reader, the id
 * rules, the link fragment's reader, the device's storage keys, the first-rows mark, Vite's preload helper and the styles (no Solid, no Yjs). These stay out of the app's start chunk.
 */
const bootModules = /[\\/]index\.html|vite[\\/]preload-helper|[\\/]src[\\/](boot[\\/]|doc[\\/]idRules\.ts|sync[\\/](cachedView|windowEvents|fragment|deviceStorageKeys)\.ts|ui[\\/]firstRowsMark\.ts|ui[\\/]styles\.css)/

export default defineConfig({
  plugins: [
    solid(),
    VitePWA({
      strategies: 'generateSW',
      injectRegister: false,
      registerType: 'prompt',
      includeAssets: ['favicon.svg', 'apple-touch-icon.png'],
      manifest: {
        name: 'Shortlist',
        short_name: 'Shortlist',
        description: 'A local-first reading list for research groups: collect papers, read offline, vote on what to discuss next.',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        // the phone's share sheet: a shared link or text opens /share, which offers it to a list's Add box
        share_target: { action: '/share', method: 'GET', params: { title: 'title', text: 'text', url: 'url' } },
        theme_color: '#1f3a5f',
        background_color: '#f6f7f9',
        icons: [
          { src: '/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/sync/, /^\/api/, /^\/healthz/, /^\/metrics/],
        cleanupOutdatedCaches: true,
        // the first install controls the open page at once, so it works offline from the first visit;
        // later versions still wait for the user's Reload (registerType 'prompt')
        clientsClaim: true,
      },
    }),
  ],
  resolve: { alias: [{ find: /^lib0\/logging$/, replacement: lib0Logging }] },
  // browsers without native modulepreload (older Safari, Firefox) still load every chunk, only without the hint
  build: {
    target: 'es2022',
    modulePreload: { polyfill: false },
    // one stylesheet, linked by the page: the first script's rows are styled before any app code runs
    cssCodeSplit: false,
    rolldownOptions: {
      // the page's first script (index.html → src/boot/boot.ts), and the app it imports once it has painted
      input: { index: fileURLToPath(new URL('./index.html', import.meta.url)), app: appEntry },
      output: {
        // the first script in a chunk of its own; everything the app's start needs in one chunk
        // (yjs kept apart, as it changes rarely): one request and one gzip stream instead of a
        // dozen small shared chunks
        codeSplitting: {
          groups: [
            { name: 'boot', test: bootModules, priority: 3 },
            { name: 'yjs', test: /node_modules[\\/](yjs|lib0)[\\/]/, tags: ['$initial'], priority: 2 },
            { name: 'start', test: (id: string) => !bootModules.test(id), tags: ['$initial'], priority: 1 },
          ],
        },
      },
    },
  },
})
