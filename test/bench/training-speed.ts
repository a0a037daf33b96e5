/**
 * Training speed: LeNet-5 (templates/lenet-modern.json, compiled as the app compiles it) on MNIST,
 * batches of 64, Adam, in the same run:
 * - tfjs's own training loop (`model.fit` with tfjs's Adam) on every backend this machine has,
 *   with the kernels this process registered (ours, native where built): the baseline;
 * - Netwright's trainer (app/engine/train-step.ts) on WebAssembly, each configuration in a fresh
 *   process (trainer-speed.ts): WebAssembly kernels alone and with the native kernels, one thread
 *   and as many as the app uses, the threads given to the kernels or to replica threads;
 * - the same network in PyTorch where Python has torch.
 * Prints samples per second and the ratios to PyTorch and to stock tfjs, then where a trainer
 * step spends its time, kernel by kernel. docs/training-speed.md records the figures.
 */
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { backendNames, loadTensorflow } from '../../app/engine/backend.ts';
import type { BackendName } from '../../app/engine/backend.ts';
import { compileToLayersModel } from '../../app/engine/compile.ts';
import { resolveLosses } from '../../app/engine/losses.ts';
import { loadNativeKernels, nativeEnvVar } from '../../app/engine/kernels/native/addon.ts';
import type { Tf } from '../../app/engine/tf.ts';
import { trainingThreads } from '../../main/training/replica-thread.ts';
import { batchSize, lenetDocument, lenetTrainer, loadMnist, mnistBatch } from './lenet-mnist.ts';
import type { Mnist } from './lenet-mnist.ts';
import type { TrainerResult, TrainerRun } from './trainer-speed.ts';
import { fmt } from './measure.ts';
import type { BenchTable } from './measure.ts';

const here = dirname(fileURLToPath(import.meta.url));

/** Batches to time (after warm-up ones): the plain-JS backend gets few, it is ~500× slower. */
const plan: Record<BackendName, { warmup: number; timed: number }> = {
  'tensorflow-gpu': { warmup: 10, timed: 200 },
  tensorflow: { warmup: 10, timed: 200 },
  wasm: { warmup: 40, timed: 300 },
  cpu: { warmup: 1, timed: 2 },
};
/** The baseline is PyTorch on 2 threads; 1 thread compares like with like. */
const torchPlan = { warmup: 20, timed: 300, threads: [2, 1] };

function lenet(tf: Tf) {
  const compiled = compileToLayersModel(tf, lenetDocument());
  compiled.model.compile({
    optimizer: tf.train.adam(1e-3),
    loss: resolveLosses(tf, compiled.outputs),
  });
  return compiled.model;
}

interface Measured {
  label: string;
  samplesPerSecond: number | null;
  /** Per second of CPU time over all threads: steadier than wall time on a busy machine. */
  samplesPerCpuSecond: number | null;
  batches: number;
  note: string;
}

async function measureBackend(name: BackendName, data: Mnist): Promise<Measured> {
  let loaded;
  try {
    loaded = await loadTensorflow(name);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return {
      label: stockLabel(name),
      samplesPerSecond: null,
      samplesPerCpuSecond: null,
      batches: 0,
      note: why,
    };
  }
  const { tf } = loaded;
  const { warmup, timed } = plan[name];
  const model = lenet(tf);
  const batchesOf = (n: number) => ({
    xs: tf.tensor4d(data.images.subarray(0, n * batchSize * 784), [n * batchSize, 28, 28, 1]),
    ys: tf.tensor2d(data.labels.subarray(0, n * batchSize), [n * batchSize, 1]),
  });
  const fit = ({ xs, ys }: ReturnType<typeof batchesOf>) =>
    model.fit(xs, ys, { batchSize, epochs: 1, shuffle: false, verbose: 0 });
  const [first, second] = [batchesOf(warmup), batchesOf(timed)];
  await fit(first);
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  await fit(second);
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  tf.dispose([first.xs, first.ys, second.xs, second.ys]);
  model.dispose();
  return {
    label: stockLabel(name),
    samplesPerSecond: (timed * batchSize) / seconds,
    samplesPerCpuSecond: (timed * batchSize * 1e6) / (cpu.user + cpu.system),
    batches: timed,
    note: loaded.reason,
  };
}

const stockLabel = (name: BackendName) => `${name}, model.fit with tfjs's Adam`;

/**
 * Steady state, as in an epoch of hundreds of batches: V8 needs some 40 steps to optimize tfjs's
 * JavaScript (measured: 10 warm-up steps left the average ~12% low); PyTorch times 300 too.
 */
const trainerPlan = { warmup: 40, timed: 300 };

/** One trainer configuration, measured in a fresh process (trainer-speed.ts). */
function measureTrainer(
  label: string,
  run: Omit<TrainerRun, 'warmup' | 'timed'>,
  env: NodeJS.ProcessEnv = {},
): Measured {
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(here, 'trainer-speed.ts'), JSON.stringify({ ...run, ...trainerPlan })],
    { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 600_000 },
  );
  const last = child.stdout.trim().split('\n').at(-1) ?? '';
  if (child.status !== 0 || !last.startsWith('{')) {
    const why = child.stderr.trim().split('\n').at(-1) ?? `exit ${child.status}`;
    return { label, samplesPerSecond: null, samplesPerCpuSecond: null, batches: 0, note: why };
  }
  const result = JSON.parse(last) as TrainerResult;
  const native = /native code/.test(result.reason) ? 'native kernels' : 'WebAssembly kernels only';
  return {
    label,
    samplesPerSecond: result.samplesPerSecond,
    samplesPerCpuSecond: result.samplesPerCpuSecond,
    batches: trainerPlan.timed,
    note: `${native}; ${result.description}`,
  };
}

/** Where one WebAssembly training step of the trainer spends its time, by kernel. */
async function profileWasm(data: Mnist): Promise<BenchTable> {
  const { tf } = await loadTensorflow('wasm');
  const step = await lenetTrainer(tf);
  const batch = mnistBatch(data, 0);
  for (let i = 0; i < 5; i++) await step.run(batch);
  const byKernel = new Map<string, { ms: number; calls: number }>();
  const steps = 10;
  for (let i = 0; i < steps; i++) {
    const info = await tf.profile(async () => {
      await step.run(batch);
      return [];
    });
    for (const kernel of info.kernels) {
      const ms = typeof kernel.kernelTimeMs === 'number' ? kernel.kernelTimeMs : 0;
      const entry = byKernel.get(kernel.name) ?? { ms: 0, calls: 0 };
      byKernel.set(kernel.name, { ms: entry.ms + ms, calls: entry.calls + 1 });
    }
  }
  await step.close();
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
    title: 'A trainer step of LeNet-5 on WebAssembly, one thread, by kernel (mean of 10 steps)',
    columns: ['kernel', 'calls/step', 'ms/step', 'share'],
    rows,
    notes: [
      `kernels total ${fmt(total / steps, 2)} ms/step; the rest of a step is JavaScript between kernels`,
    ],
  };
}

interface TorchResult {
  threads: number;
  samplesPerSecond: number | null;
  samplesPerCpuSecond: number | null;
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

function measureTorch(data: Mnist, python: string, threads: number): TorchResult {
  const { warmup, timed } = torchPlan;
  const script = join(here, 'lenet_torch.py');
  const args = [script, data.dataDirectory, String(timed), String(warmup), String(threads)];
  const run = spawnSync(python, args, { encoding: 'utf8', timeout: 600_000 });
  const last = run.stdout.trim().split('\n').at(-1) ?? '';
  if (run.status !== 0 || !last.startsWith('{')) {
    const why = run.stderr.trim().split('\n').at(-1) ?? `exit ${run.status}`;
    const note = `PyTorch run failed: ${why}`;
    return { threads, samplesPerSecond: null, samplesPerCpuSecond: null, note };
  }
  const result = JSON.parse(last) as {
    samples_per_s: number;
    samples_per_cpu_s: number;
    torch: string;
  };
  return {
    threads,
    samplesPerSecond: result.samples_per_s,
    samplesPerCpuSecond: result.samples_per_cpu_s,
    note: `PyTorch ${result.torch}, ${timed} batches (${python})`,
  };
}

export async function benchTrainingSpeed(): Promise<BenchTable[]> {
  const load = loadavg()[0] ?? 0;
  const data = loadMnist(
    batchSize * Math.max(...Object.values(plan).map((p) => p.warmup + p.timed)),
  );
  const python = findTorchPython();
  const torch = python ? torchPlan.threads.map((t) => measureTorch(data, python, t)) : [];
  const measured: Measured[] = [];
  for (const name of backendNames) measured.push(await measureBackend(name, data));
  const threads = trainingThreads();
  const alone = { [nativeEnvVar]: '0' };
  measured.push(
    measureTrainer('trainer, WebAssembly, 1 thread', { threads: 1, parallelism: 'data' }, alone),
  );
  if (threads > 1) {
    measured.push(
      measureTrainer(
        `trainer, WebAssembly, ${threads} threads`,
        { threads, parallelism: 'data' },
        alone,
      ),
    );
  }
  if (loadNativeKernels().kernels) {
    measured.push(
      measureTrainer('trainer, native, 1 thread', { threads: 1, parallelism: 'kernels' }),
    );
    if (threads > 1) {
      for (const parallelism of ['kernels', 'data'] as const) {
        measured.push(
          measureTrainer(`trainer, native, ${threads} threads (${parallelism})`, {
            threads,
            parallelism,
          }),
        );
      }
    }
  }
  const baseline = torch[0]?.samplesPerSecond ?? null;
  const stockWasm = measured.find((m) => m.label === stockLabel('wasm'))?.samplesPerSecond ?? null;
  const ratio = (value: number | null, to: number | null) =>
    value === null || to === null ? '—' : `${(value / to).toFixed(3)}×`;
  const row = (name: string, batches: number, r: Omit<Measured, 'label' | 'batches'>) => [
    name,
    r.samplesPerSecond === null ? '—' : String(batches),
    r.samplesPerSecond === null ? '—' : fmt(r.samplesPerSecond, 1),
    ratio(r.samplesPerSecond, baseline),
    ratio(r.samplesPerSecond, stockWasm),
    r.samplesPerCpuSecond === null ? '—' : fmt(r.samplesPerCpuSecond, 1),
    r.note,
  ];
  const rows = [
    ...measured.map((m) => row(m.label, m.batches, m)),
    ...torch.map((t) =>
      row(`pytorch, ${t.threads} thread${t.threads > 1 ? 's' : ''}`, torchPlan.timed, t),
    ),
  ];
  if (!python) {
    const note = 'no Python with torch (set NETWRIGHT_PYTHON)';
    rows.push(row('pytorch', 0, { samplesPerSecond: null, samplesPerCpuSecond: null, note }));
  }
  const speed: BenchTable = {
    title: `LeNet-5 on MNIST, batch ${batchSize}, Adam: training samples per second`,
    columns: [
      'backend',
      'batches',
      'samples/s',
      'vs PyTorch',
      'vs wasm model.fit',
      'samples/CPU-s',
      'why this backend / note',
    ],
    rows,
    notes: [
      `ratios are to PyTorch on ${torchPlan.threads[0]} threads, measured in this run`,
      `${cpus().length} CPUs, load average ${load.toFixed(2)} at the start: a busy machine slows every figure, threaded PyTorch most`,
    ],
  };
  return [speed, await profileWasm(data)];
}
