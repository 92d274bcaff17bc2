import { defineConfig } from 'vitest/config'

// End-to-end: the built studio (`gan-studio serve`) driven in Debian's Chromium.
// One file at a time: each starts an engine and a browser on a 2-core machine.
export default defineConfig({
  test: {
    name: 'e2e',
    include: ['test/e2e/**/*.e2e.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 240_000,
    hookTimeout: 120_000
  }
})
