import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { precompress } from './build/precompress.ts';

/** The API (HTTP and graphql-ws on /graphql): `npm start` listens on 4000 (PORT), SAMPLAN_API points elsewhere. */
const API = process.env.SAMPLAN_API ?? 'http://localhost:4000';

export default defineConfig({
  // Brotli and gzip copies of the build, served by content negotiation (server/src/core/http/static-files.ts).
  plugins: [react(), precompress()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // No public source maps: none are emitted for production (and the server refuses *.map).
    sourcemap: false,
  },
  server: {
    proxy: {
      '/graphql': { target: API, ws: true, changeOrigin: true },
      // How to sign in (demo, or the identity provider): server/src/core/http/auth-config.ts.
      '/auth/config': { target: API, changeOrigin: true },
      // Asked before saves held offline are sent (core/live.tsx).
      '/healthz': { target: API, changeOrigin: true },
    },
  },
  preview: {
    proxy: {
      '/graphql': { target: API, ws: true, changeOrigin: true },
      '/auth/config': { target: API, changeOrigin: true },
      // Asked before saves held offline are sent (core/live.tsx).
      '/healthz': { target: API, changeOrigin: true },
    },
  },
});
