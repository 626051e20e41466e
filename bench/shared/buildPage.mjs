/**
 * Builds one of the bench's own pages (`bench/<name>/`, e.g. the floor or the churn page) into
 * `<outDir>/<name>/`, next to a copy of the app's build, so it uses the same origin's
 * IndexedDB. Such a page is not part of the app's build, precache or bundle.
 */
import path from 'node:path'
import { build } from 'vite'
import { root } from './harness.mjs'

/** Builds `bench/<name>/` into `outDir/<name>` with `plugins`; returns that folder. */
export async function buildBenchPage(name, outDir, plugins = []) {
  const target = path.join(outDir, name)
  await build({
    configFile: false,
    root: path.join(root, 'bench', name),
    base: `/${name}/`,
    logLevel: 'warn',
    plugins,
    build: { outDir: target, emptyOutDir: true, target: 'es2022', modulePreload: { polyfill: false } },
  })
  return target
}
