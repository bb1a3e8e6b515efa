import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { precompress } from './build/precompress.ts';

// In development the signaling server runs on :3000 and Vite on its own port; proxying keeps
// the browser on one origin, exactly like production where the server serves web/dist.
const server = 'http://localhost:3000';

export default defineConfig({
  plugins: [react(), precompress()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Maps are built, to read a stack trace reported from a classroom, but the server does not
    // serve them (the app's whole source); 'hidden' leaves out the comment pointing to them.
    sourcemap: 'hidden',
    rolldownOptions: {
      treeshake: {
        // shared/ declares zod schemas at module level for the server; the browser uses only
        // its types and a few constants. Its modules have no side effects, so unused schemas
        // (and most of zod) can be dropped from what rural projectors download.
        moduleSideEffects: (id: string) => !/[\\/]shared[\\/]src[\\/]/.test(id),
      },
    },
  },
  server: {
    proxy: {
      '/api': server,
      '/healthz': server,
      '/socket.io': { target: server, ws: true },
    },
  },
});
