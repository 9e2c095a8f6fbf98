// Runs the sandbox suite: npx vitest run -c test/sandbox/vitest.sandbox.config.ts
// One sandbox per run is started by the globalSetup in fixture.ts.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/sandbox/**/*.test.ts'],
    globalSetup: ['test/sandbox/fixture.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    // Processes on 2 cores: keep files sequential.
    fileParallelism: false,
  },
});
