import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { cspMetaTags } from './shared/security/csp';

// index.html gets the app's one Content-Security-Policy (shared/security/csp.ts) as a <meta>, with
// a nonce placeholder that Electron's app:// protocol and the browser-mode host replace per page,
// and, as a classic script that runs before the app's modules, zod's switch away from eval.
const pageHead = (): Plugin => ({
  name: 'bd-page-head',
  transformIndexHtml: () => [
    ...cspMetaTags().map((t) => ({ tag: 'meta', attrs: t.attrs, injectTo: 'head-prepend' as const })),
    { tag: 'script', attrs: { src: './zod-jitless.js' }, injectTo: 'head' as const },
  ],
});

export default defineConfig({
  main: {
    build: {
      externalizeDeps: true,
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'electron/main/index.ts'),
          host: resolve(__dirname, 'electron/host/cli.ts'),
          // The import worker runs in its own thread: a file of its own beside the core.
          'import-worker': resolve(__dirname, 'electron/core/imports/import-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      rollupOptions: {
        input: { index: resolve(__dirname, 'electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    build: {
      rollupOptions: { input: { index: resolve(__dirname, 'renderer/index.html') } },
      chunkSizeWarningLimit: 2000,
    },
    plugins: [pageHead(), react()],
  },
});
