import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The engine this dev server forwards API calls to (`npm run dev -w @retain/builder`). */
const ENGINE = 'http://127.0.0.1:3000';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  // The rules' TypeScript source, not its CommonJS build: ES modules let the bundle keep only the
  // zod and rules code the builder uses (the CommonJS build pulled in all of zod, locales included).
  resolve: { alias: { '@retain/rules': path.resolve(import.meta.dirname, '../../libs/rules/src/index.ts') } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    // The rules' modules are pure (libs/ holds no I/O): the canvas keeps what it imports, and
    // json-rules-engine (used only by the engine's evaluator) stays out of the browser.
    rolldownOptions: { treeshake: { moduleSideEffects: (id: string) => !id.includes('/libs/rules/src/') } },
  },
  server: {
    port: 5173,
    proxy: { '/api': ENGINE, '/v1': ENGINE },
  },
});
