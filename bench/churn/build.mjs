/**
 * Builds the churn page (`bench/churn/`) into `<outDir>/churn/`, next to a copy of the app's
 * build, so it writes the same origin's IndexedDB. Not part of the app's build, precache or
 * bundle.
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'vite'

const here = path.dirname(fileURLToPath(import.meta.url))

/** Builds the churn page into `outDir/churn`; returns that folder. */
export async function buildChurnPage(outDir) {
  const target = path.join(outDir, 'churn')
  await build({
    configFile: false,
    root: here,
    base: '/churn/',
    logLevel: 'warn',
    build: { outDir: target, emptyOutDir: true, target: 'es2022', modulePreload: { polyfill: false } },
  })
  return target
}
