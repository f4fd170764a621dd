import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import vue from '@vitejs/plugin-vue';
import pkg from './package.json' with { type: 'json' };

const define = { __APP_VERSION__: JSON.stringify(pkg.version) };

// One build for every host. `out/main` holds the Electron main process and the host-independent
// entries that plain Node runs too (the `backprop` CLI, the trainer process and its threads).
export default defineConfig({
  main: {
    define,
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve('src-main/electron/main.ts'),
          cli: resolve('src-main/cli/index.ts'),
          trainer: resolve('src-main/trainer/main.ts'),
          // The JavaScript logging client, `backprop-workbench/client` (package.json "exports").
          client: resolve('clients/js/src/index.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve('src-main/electron/preload.ts') },
        // A sandboxed preload can only require('electron'): bundle everything else into one file.
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
      },
      externalizeDeps: false,
    },
  },
  renderer: {
    root: 'src-renderer',
    // The app icon's source image, served as the page's favicon (out/renderer/icon.png).
    publicDir: resolve('resources/icon'),
    plugins: [vue()],
    build: {
      outDir: 'out/renderer',
      rollupOptions: { input: { index: resolve('src-renderer/index.html') } },
    },
  },
});
