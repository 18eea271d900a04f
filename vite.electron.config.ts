import { defineConfig } from 'vite';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';

// Main and preload are bundled with plain Vite library builds (see docs/architecture.md#build):
// - main: one ESM file with every dependency inlined except `electron` and Node built-ins;
// - preload: one CommonJS file, because a sandboxed preload cannot `require` anything but `electron`.
const external = ['electron', ...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default defineConfig(({ mode }) => {
  const preload = mode === 'preload';
  return {
    build: {
      outDir: fileURLToPath(new URL('./dist-electron', import.meta.url)),
      emptyOutDir: !preload,
      target: 'node22',
      minify: false,
      sourcemap: false,
      reportCompressedSize: false,
      ssr: true,
      lib: {
        entry: fileURLToPath(
          new URL(preload ? './electron/preload/index.ts' : './electron/main/index.ts', import.meta.url),
        ),
        formats: [preload ? 'cjs' : 'es'],
        fileName: () => (preload ? 'preload.cjs' : 'main.mjs'),
      },
      // Vite 8 ignores lib.fileName for SSR builds; name the entry files explicitly.
      rollupOptions: { external, output: { entryFileNames: preload ? 'preload.cjs' : 'main.mjs' } },
    },
    ssr: { noExternal: true },
  };
});
