import { defineConfig } from 'vite';

// The Maven build runs `npm run build`; editor-server serves target/classes/public from the classpath.
// `npm run dev` proxies the WebSocket and the admin APIs to a running Cowrite (COWRITE_URL, default http://localhost:8080).
const backend = process.env.COWRITE_URL ?? 'http://localhost:8080';

export default defineConfig({
  build: {
    outDir: 'target/classes/public',
    emptyOutDir: true,
    sourcemap: true,
  },
  server: {
    proxy: {
      '/ws': { target: backend.replace(/^http/, 'ws'), ws: true },
      '/health': backend,
      // The admin pages' APIs (single-process mode serves both on the same port).
      '/api': backend,
      '/presence': backend,
    },
  },
});
