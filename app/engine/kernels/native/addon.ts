/**
 * The native kernels addon (native/: convolutions and matrix products in C++ with Eigen, built for
 * this CPU when `npm install` runs). It is optional: a machine without a C++ compiler or Eigen's
 * headers trains on the WebAssembly kernels alone, and `loadNativeKernels` says why.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export interface NativeKernels {
  /** Geometry: see `convGeometryInts`. Arrays are the tensors' memory; the last one is written. */
  conv2d(geometry: Int32Array, x: Float32Array, filter: Float32Array, y: Float32Array): void;
  conv2dFilterGradient(
    geometry: Int32Array,
    x: Float32Array,
    dy: Float32Array,
    dw: Float32Array,
  ): void;
  conv2dInputGradient(
    geometry: Int32Array,
    dy: Float32Array,
    filter: Float32Array,
    dx: Float32Array,
  ): void;
  /** Shape: [batch, batchA, batchB, m, k, n, transposeA, transposeB]. */
  batchMatMul(shape: Int32Array, a: Float32Array, b: Float32Array, out: Float32Array): void;
  /**
   * Geometry: [batch, height, width, channels, outHeight, outWidth, strideHeight, strideWidth,
   * filterHeight, filterWidth, padTop, padLeft].
   */
  maxPoolGrad(geometry: Int32Array, x: Float32Array, dy: Float32Array, dx: Float32Array): void;
  /**
   * Threads the calling JavaScript thread's kernels may use (1 to start with): a trainer without
   * replica threads gives its kernels the cores.
   */
  setThreads(threads: number): void;
}

/** Set to 0 to train on the WebAssembly kernels alone (comparisons, a suspected native bug). */
export const nativeEnvVar = 'NETWRIGHT_NATIVE';

const addonFile = 'native/build/Release/netwright_kernels.node';

/** Where the addon is from this module: in the source tree, or beside the bundled main process. */
const candidates = ['../../../../', '../../', '../'].map(
  (up) => new URL(up + addonFile, import.meta.url),
);

export type NativeLoad = { kernels: NativeKernels; why: null } | { kernels: null; why: string };

let loaded: NativeLoad | null = null;

/** The built addon's path, or null (not built, or turned off); looks without loading it. */
function builtAddon(env: NodeJS.ProcessEnv): string | null {
  if (env[nativeEnvVar] === '0') return null;
  return candidates.map((url) => fileURLToPath(url)).find((path) => existsSync(path)) ?? null;
}

/**
 * Whether training on WebAssembly will use the native kernels, without loading them: the main
 * process asks this for its estimates, and only the training threads load native code.
 */
export function nativeKernelsBuilt(env: NodeJS.ProcessEnv = process.env): boolean {
  return builtAddon(env) !== null;
}

export function loadNativeKernels(env: NodeJS.ProcessEnv = process.env): NativeLoad {
  if (env[nativeEnvVar] === '0') return { kernels: null, why: `turned off by ${nativeEnvVar}=0` };
  if (loaded) return loaded;
  const file = builtAddon(env);
  if (!file) {
    loaded = {
      kernels: null,
      why: 'the native kernels are not built (npm install builds them where a C++ compiler and Eigen are installed)',
    };
    return loaded;
  }
  try {
    // OpenMP's threads otherwise spin after each parallel kernel, taking a core that tfjs's
    // JavaScript between kernels, or another program, needs (on a busy two-core machine steps
    // measured five times slower). OpenMP reads it once, when the addon loads. A worker thread's
    // process.env is its own copy, which native code never sees, so the training host sets it on
    // the main thread too (main/training/host.ts).
    env.OMP_WAIT_POLICY ??= 'passive';
    const require = createRequire(import.meta.url);
    loaded = { kernels: require(file) as NativeKernels, why: null };
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    loaded = { kernels: null, why: `the native kernels did not load: ${message}` };
  }
  return loaded;
}
