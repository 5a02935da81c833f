import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'domain', root: 'packages/domain', include: ['test/**/*.test.ts'] } },
      {
        test: {
          name: 'sync-server',
          root: 'apps/sync-server',
          include: ['test/**/*.test.ts'],
          // PGlite takes seconds to boot and the machine has two cores.
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      { test: { name: 'pwa', root: 'apps/pwa', include: ['test/**/*.test.ts'] } },
    ],
  },
});
