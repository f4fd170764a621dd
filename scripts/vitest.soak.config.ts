// The soak suite (`npm run test:soak` = scripts/soak.js): the long fault and load tests in
// src-main/soak/*.soak.ts, which `npm test` leaves out (its vitest.config.ts includes *.test.ts).
import { defineConfig } from 'vitest/config';
import base from '../vitest.config';

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ['src-main/soak/**/*.soak.ts'],
    testTimeout: 60 * 60_000,
    hookTimeout: 60 * 60_000,
    // One soak file at a time: each one loads the machine on purpose.
    fileParallelism: false,
  },
});
