// Builds the bench page (bench/pages/bench.html) into `<outDir>/bench/` next to a renderer build, so the browser host
// serves it on the app's origin. Used by bench/run.ts: `vite build -c bench/vite.config.ts --outDir <dir>/bench`.
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  root: fileURLToPath(new URL('./pages', import.meta.url)),
  base: './',
  logLevel: 'warn',
  build: {
    emptyOutDir: true,
    sourcemap: false,
    target: 'chrome130',
    reportCompressedSize: false,
    rollupOptions: { input: fileURLToPath(new URL('./pages/bench.html', import.meta.url)) },
  },
});
