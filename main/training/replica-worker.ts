/**
 * A replica thread of data-parallel training: loads the trainer's backend and serves gradient
 * steps (app/engine/parallel/replica.ts). Any failure ends the thread; the trainer sees it exit
 * and trains that part of each batch itself.
 */
import { workerData } from 'node:worker_threads';
import { loadTensorflow } from '../../app/engine/backend.ts';
import { serveReplica } from '../../app/engine/parallel/replica.ts';
import type { ReplicaInit } from '../../app/engine/parallel/replica.ts';

const init = workerData as ReplicaInit;
const { tf } = await loadTensorflow(init.backend);
await serveReplica(tf, init);
