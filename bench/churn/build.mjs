/** Builds the churn page (`bench/churn/`) beside a copy of the app's build (see `buildBenchPage`). */
import { buildBenchPage } from '../shared/buildPage.mjs'

/** Builds the churn page into `outDir/churn`; returns that folder. */
export const buildChurnPage = (outDir) => buildBenchPage('churn', outDir)
