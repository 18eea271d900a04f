import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { RENDERER_CSP } from './shared/security/csp.ts';

/** Puts the renderer's Content-Security-Policy into index.html as a meta tag (hosts also send it as a header). */
function cspMeta(): Plugin {
  return {
    name: 'duet-csp-meta',
    transformIndexHtml(html) {
      return html.replace(
        '<!--CSP-->',
        `<meta http-equiv="Content-Security-Policy" content="${RENDERER_CSP.replace(/ ?frame-ancestors [^;]+;?/, '')}" />`,
      );
    },
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('./renderer', import.meta.url)),
  base: './',
  plugins: [react(), cspMeta()],
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
    emptyOutDir: true,
    sourcemap: false,
    target: 'chrome130',
    reportCompressedSize: false,
    rolldownOptions: {
      output: {
        // Vendor code in chunks of its own (each under Vite's 500 kB warning, and cached apart from app changes);
        // what the first screen does not need is split off by the app's dynamic imports (ui/lazy-view.ts).
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 20 },
            { name: 'dexie', test: /node_modules[\\/](dexie|dexie-react-hooks)[\\/]/, priority: 10 },
          ],
        },
      },
    },
  },
});
