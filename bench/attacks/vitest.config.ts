import { defineConfig } from 'vitest/config'

/** Runs the attack-cost measurements (not part of `npm test`): `npx vitest run --config bench/attacks/vitest.config.ts`. */
export default defineConfig({
  test: {
    name: 'attacks',
    environment: 'node',
    include: ['bench/attacks/*.measure.ts'],
    testTimeout: 600_000,
    fileParallelism: false,
  },
})
