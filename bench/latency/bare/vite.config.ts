import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The bare baseline's page: mediasoup-client and nothing of the product. run.ts builds it.
export default defineConfig({
  root: dirname(fileURLToPath(import.meta.url)),
  logLevel: 'warn',
  build: { outDir: 'dist', emptyOutDir: true },
});
