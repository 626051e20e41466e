import { defineConfig } from 'vitest/config'

/** Runs the lookup measurements (not part of `npm test`): `npx vitest run --config bench/lookup/vitest.config.ts`. */
export default defineConfig({
  test: {
    name: 'lookup',
    environment: 'node',
    include: ['bench/lookup/*.measure.ts'],
    testTimeout: 600_000,
    fileParallelism: false,
  },
})
