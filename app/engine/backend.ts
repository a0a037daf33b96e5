/**
 * Loads TensorFlow.js on the fastest backend this machine has: native TensorFlow with CUDA, native
 * TensorFlow on the CPU (both optional dependencies whose install downloads native libraries, so
 * they may be absent), WebAssembly with Netwright's training kernels, then plain JavaScript. The
 * result says which one runs and why, for the UI, the CLI and the benchmark.
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { registerDilatedConvGradients } from './kernels/dilated-conv-gradients.ts';
import { loadNativeKernels } from './kernels/native/addon.ts';
import { registerFastKernels } from './kernels/registry.ts';
import type { Tf } from './tf.ts';

export const backendNames = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const;
export type BackendName = (typeof backendNames)[number];

/** Forces one backend (tests, the benchmark, a user working around a broken native install). */
export const backendEnvVar = 'NETWRIGHT_BACKEND';

export interface LoadedTensorflow {
  tf: Tf;
  backend: BackendName;
  /** Why this backend, in a sentence for people: what was missing before it, or who forced it. */
  reason: string;
}

type Attempt =
  | { ok: true; loaded: Omit<LoadedTensorflow, 'reason'>; detail?: string }
  | { ok: false; why: string };

const describe: Record<BackendName, string> = {
  'tensorflow-gpu': 'native TensorFlow with CUDA (@tensorflow/tfjs-node-gpu)',
  tensorflow: 'native TensorFlow on the CPU (@tensorflow/tfjs-node)',
  wasm: "WebAssembly with Netwright's training kernels",
  cpu: 'plain JavaScript, the slowest backend',
};

/**
 * Picks and initializes a backend. `preference` (or the NETWRIGHT_BACKEND environment variable)
 * forces one: then an unavailable backend is an error instead of a fallback.
 */
export async function loadTensorflow(preference?: BackendName): Promise<LoadedTensorflow> {
  const forced = preference ?? parseBackendName(process.env[backendEnvVar]);
  if (forced) {
    const attempt = await tryBackend(forced);
    const by = preference ? 'asked for by the caller' : `forced by ${backendEnvVar}=${forced}`;
    if (!attempt.ok) {
      const fix = preference
        ? ''
        : ` Unset ${backendEnvVar} to let Netwright pick the fastest one.`;
      throw new Error(`The ${forced} backend (${by}) cannot start: ${attempt.why}.${fix}`);
    }
    return { ...attempt.loaded, reason: `${describe[forced]}${detailOf(attempt)}, ${by}` };
  }
  const skipped: string[] = [];
  for (const name of backendNames) {
    const attempt = await tryBackend(name);
    if (attempt.ok) {
      const before = skipped.length > 0 ? ` (${skipped.join('; ')})` : '';
      return { ...attempt.loaded, reason: `${describe[name]}${detailOf(attempt)}${before}` };
    }
    skipped.push(attempt.why);
  }
  throw new Error(`No TensorFlow.js backend could start: ${skipped.join('; ')}`);
}

function detailOf(attempt: Attempt): string {
  return attempt.ok && attempt.detail ? `, ${attempt.detail}` : '';
}

function parseBackendName(value: string | undefined): BackendName | undefined {
  if (value === undefined || value === '') return undefined;
  if ((backendNames as readonly string[]).includes(value)) return value as BackendName;
  throw new Error(
    `${backendEnvVar}=${value} is not a backend; use one of ${backendNames.join(', ')}`,
  );
}

async function tryBackend(name: BackendName): Promise<Attempt> {
  const attempt = await startBackend(name);
  // Gradients are shared by all backends; without these, no backend trains a dilated convolution.
  if (attempt.ok) registerDilatedConvGradients(attempt.loaded.tf);
  return attempt;
}

async function startBackend(name: BackendName): Promise<Attempt> {
  switch (name) {
    case 'tensorflow-gpu':
      return tryNative('@tensorflow/tfjs-node-gpu', name);
    case 'tensorflow':
      return tryNative('@tensorflow/tfjs-node', name);
    case 'wasm':
      return tryWasm();
    case 'cpu': {
      const tf = await import('@tensorflow/tfjs');
      return (await tf.setBackend('cpu'))
        ? { ok: true, loaded: { tf, backend: 'cpu' } }
        : { ok: false, why: 'the plain-JS backend did not start' };
    }
  }
}

async function tryNative(packageName: string, name: BackendName): Promise<Attempt> {
  let tf: Tf;
  try {
    // A variable specifier: these optional packages are usually not installed, and the type
    // checker and bundlers must not require them.
    const specifier = packageName;
    tf = (await import(specifier)) as Tf;
  } catch (error) {
    const missing = ['ERR_MODULE_NOT_FOUND', 'MODULE_NOT_FOUND'].includes(errorCode(error));
    return {
      ok: false,
      why: missing
        ? `${packageName} is not installed`
        : `${packageName} could not load: ${firstLine(error)}`,
    };
  }
  try {
    if (!(await tf.setBackend('tensorflow'))) {
      return { ok: false, why: `${packageName} is installed but its backend did not start` };
    }
  } catch (error) {
    return { ok: false, why: `${packageName} failed to start: ${firstLine(error)}` };
  }
  return { ok: true, loaded: { tf, backend: name } };
}

async function tryWasm(): Promise<Attempt> {
  const tf = await import('@tensorflow/tfjs');
  try {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    // setWasmPaths may only run before the backend first initializes.
    if (!tf.findBackend('wasm')) wasm.setWasmPaths(wasmBinaryDirectory());
    registerFastKernels(tf);
    if (!(await tf.setBackend('wasm'))) {
      return { ok: false, why: 'the WebAssembly backend did not start' };
    }
  } catch (error) {
    return { ok: false, why: `the WebAssembly backend failed to start: ${firstLine(error)}` };
  }
  // Node gets the single-threaded build: tfjs enables its threaded one only in browsers, and
  // forcing it here measured slower and hung now and then (docs/training-speed.md).
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const native = loadNativeKernels();
  return {
    ok: true,
    loaded: { tf, backend: 'wasm' },
    detail: [
      simd ? 'SIMD, one thread' : 'no SIMD on this machine, one thread',
      native.kernels
        ? 'convolutions and matrix products in native code built for this CPU'
        : `no native kernels (${native.why})`,
    ].join(', '),
  };
}

/** The folder with the package's .wasm binaries (its Node entry point sits beside them). */
function wasmBinaryDirectory(): string {
  const require = createRequire(import.meta.url);
  return `${dirname(require.resolve('@tensorflow/tfjs-backend-wasm'))}/`;
}

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0] ?? text;
}
