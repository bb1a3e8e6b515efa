import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { mediasoupHandlersOnDemand } from './build/mediasoupHandlers.ts';
import { precompress } from './build/precompress.ts';
import { projectorChunks } from './build/projectorChunks.ts';
import { serviceWorker } from './build/serviceWorker.ts';

// In development the signaling server runs on :3000 and Vite on its own port; proxying keeps
// the browser on one origin, exactly like production where the server serves web/dist.
const server = 'http://localhost:3000';

/** Each page's path and HTML file, as the classroom server serves them (createHttpApp.ts). */
const PAGES: Record<string, string> = {
  '/': 'index.html', '/teacher': 'index.html', '/assistant': 'index.html', '/admin': 'index.html', '/report': 'index.html',
  '/district': 'index.html', '/projector': 'projector.html',
};

/** The development server answers /projector with projector.html, as the classroom server does. */
const projectorPage: Plugin = {
  name: 'classroom:projector-page',
  configureServer(dev) {
    dev.middlewares.use((req, _res, next) => {
      req.url = req.url?.replace(/^\/projector\/?(?=\?|$)/, '/projector.html');
      next();
    });
  },
};

const chunks = projectorChunks(import.meta.dirname);

export default defineConfig({
  plugins: [react(), mediasoupHandlersOnDemand(), projectorPage, chunks.plugin, serviceWorker(PAGES), precompress()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Maps are built, to read a stack trace reported from a classroom, but the server does not
    // serve them (the app's whole source); 'hidden' leaves out the comment pointing to them.
    sourcemap: 'hidden',
    // Which chunks each page and view needs (.vite/manifest.json, never served): for the tests.
    manifest: true,
    rolldownOptions: {
      // Every page but the projector's is index.html, which loads its view as a chunk.
      input: { index: 'index.html', projector: 'projector.html' },
      output: {
        // Modules run in source order whatever chunk they land in: the projector's socket starts
        // connecting before React and mediasoup-client are evaluated (web/src/services/earlySocket.ts),
        // not after, as chunks sharing code with React would otherwise have it.
        strictExecutionOrder: true,
        codeSplitting: { groups: chunks.groups },
      },
      treeshake: {
        // shared/ declares zod schemas at module level for the server; the browser uses only
        // its types and a few constants and functions, kept in modules without zod. Its modules
        // have no side effects, so the schemas (and zod) are dropped from what pages download.
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
