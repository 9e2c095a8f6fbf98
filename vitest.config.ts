import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'test/golden/**/*.test.ts', 'test/cli/**/*.test.ts', 'test/tui/**/*.test.{ts,tsx}'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          // one real sandbox (etcd, three kube-apiservers) for the whole project, started by the fixture
          name: 'e2e',
          include: ['test/sandbox/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          globalSetup: ['test/sandbox/fixture.ts'],
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 900_000,
        },
      },
    ],
  },
});
