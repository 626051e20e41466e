/** Builds the floor page (`bench/floor/`, Solid) beside a copy of the app's build (see `buildBenchPage`). */
import solid from 'vite-plugin-solid'
import { buildBenchPage } from '../shared/buildPage.mjs'

/** Builds the floor into `outDir/floor`; returns that folder. */
export const buildFloor = (outDir) => buildBenchPage('floor', outDir, [solid()])
