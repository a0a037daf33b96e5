// Builds the optional native kernels (native/src: convolutions, matrix products and max pooling's
// gradient in C++ with Eigen) for this machine's CPU. `npm install` runs it; so can you, with
// `npm run build:native`. `--portable` builds for any CPU of the architecture instead (x86-64-v2:
// SSE4.2, every x86 PC of the last decade): `npm run dist` uses it, since a desktop package runs
// on other machines than the one that built it, and code for a newer CPU would crash there. Training works without them (on the WebAssembly kernels, several times
// slower for convolutional networks), so a machine without a C++ compiler or Eigen's headers
// gets a note, never a failed install. NETWRIGHT_NATIVE=0 skips the build.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const say = (text) => console.log(`netwright native kernels: ${text}`);
const fallback = 'training will use the WebAssembly kernels only';

function nodeGyp() {
  // npm hands its own node-gyp to install scripts; outside npm, look beside npm itself.
  const candidates = [
    process.env.npm_config_node_gyp,
    join(
      dirname(process.execPath),
      '../lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js',
    ),
  ];
  return candidates.find((path) => path && existsSync(path)) ?? null;
}

/**
 * Node's own headers where this Node installed them (Debian's nodejs, the official tarballs): with
 * them node-gyp builds offline instead of downloading headers.
 */
function nodedirArgs() {
  if (process.env.npm_config_nodedir) return [];
  const prefix = join(dirname(process.execPath), '..');
  return existsSync(join(prefix, 'include/node/node_api.h')) ? [`--nodedir=${prefix}`] : [];
}

/** The compiler's target flag: this CPU, or (portable) the architecture's common baseline. */
function archFlag(portable) {
  if (process.arch === 'x64') return portable ? '-march=x86-64-v2' : '-march=native';
  if (process.arch === 'arm64') return portable ? '-mcpu=generic' : '-mcpu=native';
  return '-O3'; // a harmless repeat: no target flag elsewhere
}

function main() {
  const portable = process.argv.includes('--portable');
  if (process.env.NETWRIGHT_NATIVE === '0') return say(`skipped (NETWRIGHT_NATIVE=0); ${fallback}`);
  const eigen = ['/usr/include/eigen3', '/usr/local/include/eigen3'].find((dir) =>
    existsSync(join(dir, 'Eigen/Dense')),
  );
  if (!eigen) {
    return say(
      `skipped: Eigen's headers are not installed (Debian/Ubuntu: apt-get install libeigen3-dev); ${fallback}`,
    );
  }
  const gyp = nodeGyp();
  if (!gyp) return say(`skipped: node-gyp was not found; ${fallback}`);
  const started = Date.now();
  const run = spawnSync(process.execPath, [gyp, 'rebuild', ...nodedirArgs()], {
    cwd: here,
    encoding: 'utf8',
    env: { ...process.env, NETWRIGHT_NATIVE_ARCH_FLAG: archFlag(portable) },
  });
  if (run.status !== 0) {
    const output = `${run.stdout ?? ''}${run.stderr ?? ''}`.trim().split('\n');
    const errors = output.filter((line) => /error/i.test(line)).slice(0, 5);
    say(
      `the build failed; ${fallback}. First errors:\n  ${(errors.length ? errors : output.slice(-5)).join('\n  ')}`,
    );
    return;
  }
  const target = portable ? `any ${process.arch} CPU` : 'this CPU';
  say(`built for ${target} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main();
