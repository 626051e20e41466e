import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'
import solid from 'vite-plugin-solid'
import { VitePWA } from 'vite-plugin-pwa'

/** Yjs's only use of lib0's logging is a few console warnings; the stand-in keeps lib0's DOM and schema helpers out of the start bundle. */
const lib0Logging = fileURLToPath(new URL('./src/vendor/lib0Logging.ts', import.meta.url))

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
    // everything the start needs in one chunk (yjs kept apart, as it changes rarely): one
    // request and one gzip stream instead of a dozen small shared chunks
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'yjs', test: /node_modules[\\/](yjs|lib0)[\\/]/, tags: ['$initial'], priority: 2 },
            { name: 'start', tags: ['$initial'], priority: 1 },
          ],
        },
      },
    },
  },
})
