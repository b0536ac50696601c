import { defineConfig } from '@playwright/test';

// Debian's Chromium, never a downloaded browser (`playwright install` is not used).
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  timeout: 150_000,
  expect: { timeout: 10_000 },
  workers: 2,
  retries: 0,
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1360, height: 860 },
    // The app turns antd's motion off for it: a click on a dialog still zooming in could land on the
    // mask or beside the button on a busy machine (renderer/src/main.tsx).
    reducedMotion: 'reduce',
    acceptDownloads: true,
    // Recording a trace snapshots the whole DOM at every action, which made the long dossier test
    // 60 % slower and pushed it past the timeout on a busy 2-core CI machine. Ask for one when
    // debugging: `npx playwright test --trace on`.
    trace: 'off',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
});
