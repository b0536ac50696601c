// Development and tests only: the import worker from its TypeScript source, through tsx.
// The built app starts out/main/import-worker.js directly.
import { workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

await tsImport(workerData.entry, import.meta.url);
