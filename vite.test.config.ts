// The test build of the renderer: the same app as vite.config.ts, entered through renderer/src/test/test-entry.ts
// (the app plus the page's test hook) and written to dist-test/renderer — outside dist/, which is what Electron loads
// and electron-builder packages. `npm run build:renderer` makes both; only the soak loads this one.
import { defineConfig, mergeConfig, type Plugin } from 'vite';
import { fileURLToPath } from 'node:url';
import product from './vite.config.ts';

const PRODUCT_ENTRY = './src/main.tsx';
const TEST_ENTRY = './src/test/test-entry.ts';

/** Points renderer/index.html's one module script at the test entry (before Vite reads the page's scripts). */
function testEntry(): Plugin {
  return {
    name: 'duet-test-entry',
    transformIndexHtml: {
      order: 'pre',
      handler(html) {
        if (!html.includes(`src="${PRODUCT_ENTRY}"`))
          throw new Error(`index.html no longer loads ${PRODUCT_ENTRY}`);
        return html.replace(`src="${PRODUCT_ENTRY}"`, `src="${TEST_ENTRY}"`);
      },
    },
  };
}

export default mergeConfig(
  product,
  defineConfig({
    plugins: [testEntry()],
    build: { outDir: fileURLToPath(new URL('./dist-test/renderer', import.meta.url)) },
  }),
);
