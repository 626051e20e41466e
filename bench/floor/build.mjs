/**
 * Builds the floor page (`bench/floor/`) into `<outDir>/floor/`, a page of its own next to a
 * copy of the app's build, so it reads the same origin's IndexedDB. Not part of the app's
 * build, precache or bundle.
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'vite'
import solid from 'vite-plugin-solid'

const here = path.dirname(fileURLToPath(import.meta.url))

/** Builds the floor into `outDir/floor`; returns that folder. */
export async function buildFloor(outDir) {
  const target = path.join(outDir, 'floor')
  await build({
    configFile: false,
    root: here,
    base: '/floor/',
    logLevel: 'warn',
    plugins: [solid()],
    build: { outDir: target, emptyOutDir: true, target: 'es2022', modulePreload: { polyfill: false } },
  })
  return target
}
