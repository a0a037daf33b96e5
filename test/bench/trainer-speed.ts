/**
 * One measurement of Netwright's trainer (app/engine/train-step.ts) training LeNet-5 on MNIST, run
 * by training-speed.ts as a child process: kernels register once per process, so each
 * configuration (native kernels or not, threads, parallelism) gets a fresh one. Prints one line
 * of JSON.
 *
 * Usage: tsx test/bench/trainer-speed.ts '{"threads":2,"parallelism":"kernels","warmup":10,"timed":150}'
 * (NETWRIGHT_NATIVE=0 in the environment for the WebAssembly kernels alone).
 */
import { loadTensorflow } from '../../app/engine/backend.ts';
import type { Parallelism } from '../../app/engine/train-step.ts';
import { launchReplica } from '../../main/training/replica-thread.ts';
import { batchSize, lenetTrainer, loadMnist, mnistBatch } from './lenet-mnist.ts';

export interface TrainerRun {
  threads: number;
  parallelism: Parallelism;
  warmup: number;
  timed: number;
}

export interface TrainerResult {
  samplesPerSecond: number;
  samplesPerCpuSecond: number;
  description: string;
  reason: string;
}

const run = JSON.parse(process.argv[2] ?? '{}') as TrainerRun;
const data = loadMnist(batchSize * (run.warmup + run.timed));
const { tf, reason } = await loadTensorflow('wasm');
const step = await lenetTrainer(tf, {
  threads: run.threads,
  parallelism: run.parallelism,
  launchReplica,
});
for (let i = 0; i < run.warmup; i++) await step.run(mnistBatch(data, i));
const start = performance.now();
const cpuStart = process.cpuUsage();
for (let i = 0; i < run.timed; i++) await step.run(mnistBatch(data, run.warmup + i));
const seconds = (performance.now() - start) / 1000;
const cpu = process.cpuUsage(cpuStart);
const result: TrainerResult = {
  samplesPerSecond: (run.timed * batchSize) / seconds,
  // Process CPU time: replica and kernel threads included.
  samplesPerCpuSecond: (run.timed * batchSize * 1e6) / (cpu.user + cpu.system),
  description: step.description,
  reason,
};
await step.close();
console.log(JSON.stringify(result));
