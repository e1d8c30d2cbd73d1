import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * Builds the web UI into dist/web, which `millrace server` serves. `npm run web:dev` serves it with
 * hot reload and forwards API calls to a running server (MILLRACE_SERVER, Default:
 * http://127.0.0.1:8080).
 */
const server = process.env['MILLRACE_SERVER'] ?? 'http://127.0.0.1:8080';
const apiPrefixes = ['/subscriptions', '/pipelines/v1.0', '/oauth2', '/me', '/identity', '/health'];

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    sourcemap: true,
  },
  server: {
    proxy: Object.fromEntries(apiPrefixes.map((prefix) => [prefix, server])),
  },
});
