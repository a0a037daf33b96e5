// Builds the optional native kernels (native/src: convolutions, matrix products and max pooling's
// gradient in C++ with Eigen) for this machine's CPU. `npm install` runs it; so can you, with
// `npm run build:native`. Training works without them (on the WebAssembly kernels, several times
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

function main() {
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
  });
  if (run.status !== 0) {
    const output = `${run.stdout ?? ''}${run.stderr ?? ''}`.trim().split('\n');
    const errors = output.filter((line) => /error/i.test(line)).slice(0, 5);
    say(
      `the build failed; ${fallback}. First errors:\n  ${(errors.length ? errors : output.slice(-5)).join('\n  ')}`,
    );
    return;
  }
  say(`built for this CPU in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main();
