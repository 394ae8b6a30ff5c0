import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const require = createRequire(import.meta.url);

/**
 * The SDK loads openrtk.wasm from next to its own module (import.meta.url). In a bundled app
 * that module is the chunk in assets/, so the wasm file is copied there.
 */
function openrtkWasm(): Plugin {
  return {
    name: 'openrtk-wasm',
    apply: 'build',
    generateBundle() {
      this.emitFile({
        type: 'asset',
        fileName: 'assets/openrtk.wasm',
        source: readFileSync(require.resolve('@openrtk/client/dist/openrtk.wasm')),
      });
    },
  };
}

export default defineConfig({
  // Relative asset URLs: the build works at /react/ (rtk-server's static dir) or anywhere else.
  base: './',
  plugins: [react(), openrtkWasm()],
  resolve: {
    // The @openrtk packages are file: links here. Resolve their imports from this app's
    // node_modules, as if they were installed from a registry (one React, one SDK, one UI kit).
    preserveSymlinks: true,
    dedupe: ['react', 'react-dom'],
  },
  // In `vite dev` the SDK is served from its own folder, where openrtk.wasm sits next to it.
  optimizeDeps: { exclude: ['@openrtk/client'] },
  build: { target: 'es2022', outDir: 'dist', emptyOutDir: true },
});
