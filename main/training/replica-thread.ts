/**
 * Starts replica threads for data-parallel training (app/engine/parallel/): each is a worker
 * thread that loads the same backend and serves gradient steps until the trainer says quit.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { LaunchReplica } from '../../app/engine/parallel/replicas.ts';
import type { Parallelism } from '../../app/engine/train-step.ts';
import { workerEntry } from './entry.ts';

const replicaWorker = workerEntry('./training-replica.mjs', './replica-entry.js');

export const launchReplica: LaunchReplica = (init) => {
  const worker = new Worker(replicaWorker, { workerData: init });
  const ended = new Promise<Error>((resolve) => {
    let crash: Error | null = null;
    worker.on('error', (error) => (crash = error));
    worker.on('exit', (code) => resolve(crash ?? new Error(`the thread exited with code ${code}`)));
  });
  return { ended, terminate: async () => void (await worker.terminate()) };
};

/** Overrides how many threads train (1 turns data-parallel training off). */
export const threadsEnvVar = 'NETWRIGHT_TRAINING_THREADS';

/**
 * Threads to train with: one per core, at most 4 (past that, the trainer's serial part (the
 * optimizer step and copying) limits the gain), unless the environment says otherwise.
 */
export function trainingThreads(env: NodeJS.ProcessEnv = process.env): number {
  const asked = env[threadsEnvVar];
  if (asked !== undefined && asked !== '') {
    const n = Number(asked);
    if (!Number.isInteger(n) || n < 1 || n > 64) {
      throw new Error(
        `${threadsEnvVar}=${asked} is not a thread count; use a whole number from 1 to 64`,
      );
    }
    return n;
  }
  return Math.min(availableParallelism(), 4);
}

/** Where extra threads go: `data` (replica threads) or `kernels` (the native kernels). */
export const parallelismEnvVar = 'NETWRIGHT_PARALLELISM';

/** The parallelism the environment asks for, or undefined for the trainer's default. */
export function trainingParallelism(env: NodeJS.ProcessEnv = process.env): Parallelism | undefined {
  const asked = env[parallelismEnvVar];
  if (asked === undefined || asked === '') return undefined;
  if (asked === 'data' || asked === 'kernels') return asked;
  throw new Error(`${parallelismEnvVar}=${asked} is not a parallelism; use data or kernels`);
}
