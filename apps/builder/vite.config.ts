import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The engine this dev server forwards API calls to (`npm run dev -w @retain/builder`). */
const ENGINE = 'http://127.0.0.1:3000';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  server: {
    port: 5173,
    proxy: { '/api': ENGINE, '/v1': ENGINE },
  },
});
