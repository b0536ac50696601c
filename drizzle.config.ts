import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: './electron/core/schema/index.ts',
  out: './drizzle',
});
