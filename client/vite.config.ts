import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The API (HTTP and graphql-ws on /graphql); `npm run dev -w server` listens on 4000. */
const API = process.env.SAMPLAN_API ?? 'http://localhost:4000';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
  },
  server: {
    proxy: {
      '/graphql': { target: API, ws: true, changeOrigin: true },
    },
  },
  preview: {
    proxy: {
      '/graphql': { target: API, ws: true, changeOrigin: true },
    },
  },
});
