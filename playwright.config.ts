/**
 * Browser end-to-end tests: Debian's Chromium drives the real UI served by `netwright serve`
 * (started once by the global setup, in a throwaway workspace). xyflow's habits: forbid `.only`
 * in CI, retry once there with a trace on that retry.
 */
import { defineConfig } from '@playwright/test';

const ci = Boolean(process.env.CI);

export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results/artifacts',
  globalSetup: './test/e2e/support/global-setup.ts',
  forbidOnly: ci,
  retries: ci ? 1 : 0,
  // One server, one workspace, two cores: tests run one at a time.
  workers: 1,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: ci ? [['list'], ['html', { open: 'never' }]] : [['list']],
  use: {
    browserName: 'chromium',
    viewport: { width: 1280, height: 800 },
    trace: 'on-first-retry',
    screenshot: 'only-on-failure',
    actionTimeout: 15_000,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ],
    },
  },
});
