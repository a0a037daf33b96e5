/**
 * The trainer's side of data-parallel training: starts replica threads (parallel/replica.ts),
 * hands each its part of every batch through shared memory, and waits for their gradients without
 * blocking its own event loop, so a replica that dies (crash, out of memory) is noticed and its
 * part is trained here instead.
 */
import { Command, Slot, channelBytes, openChannel } from './channel.ts';
import type { Channel } from './channel.ts';
import type { ReplicaInit } from './replica.ts';

/** A started replica thread, as the host process made it (main/training/replica-thread.ts). */
export interface ReplicaThread {
  /** Settles with the reason if the thread ends before `terminate`; never rejects. */
  readonly ended: Promise<Error>;
  terminate(): Promise<void>;
}

export type LaunchReplica = (init: ReplicaInit) => ReplicaThread;

/** One replica as the trainer tracks it; get them from `ReplicaSet.running()`. */
export interface Replica {
  thread: ReplicaThread;
  channel: Channel;
  step: number;
  alive: boolean;
  /** Why the thread ended, once it has. */
  failure: Error | null;
}

export interface SamplePart {
  x: Float32Array;
  y: Float32Array;
  count: number;
}

/** How long a replica may take to load its backend and build its model. */
const READY_TIMEOUT_MS = 120_000;

export class ReplicaSet {
  private constructor(private readonly replicas: Replica[]) {}

  /**
   * Starts `count` replicas and waits until each has built its model. Those that fail to start are
   * left out; `problems` says why, and training goes on with the rest.
   */
  static async start(
    launch: LaunchReplica,
    count: number,
    init: Omit<ReplicaInit, 'buffer' | 'weights'>,
    weights: SharedArrayBuffer,
  ): Promise<{ set: ReplicaSet; problems: string[] }> {
    const starting = Array.from({ length: count }, () => {
      const buffer = new SharedArrayBuffer(channelBytes(init.shape));
      const channel = openChannel(buffer, weights, init.shape);
      const thread = launch({ ...init, buffer, weights });
      const replica: Replica = { thread, channel, step: 0, alive: true, failure: null };
      // One subscription for the thread's whole life (a race per step would pile up handlers on
      // this never-settling promise); the wake-up lets a waiting trainer see the failure.
      void thread.ended.then((error) => {
        replica.failure = error;
        Atomics.notify(channel.control, Slot.done);
        Atomics.notify(channel.control, Slot.ready);
      });
      return replica;
    });
    const problems: string[] = [];
    const deadline = Date.now() + READY_TIMEOUT_MS;
    for (const replica of starting) {
      const failed = await waitFor(replica, Slot.ready, 1, deadline);
      if (failed) {
        replica.alive = false;
        problems.push(`a training thread could not start: ${failed.message}`);
        await replica.thread.terminate();
      }
    }
    return { set: new ReplicaSet(starting.filter((r) => r.alive)), problems };
  }

  /** The replicas still running, in a fixed order. */
  running(): Replica[] {
    return this.replicas.filter((r) => r.alive);
  }

  /** Hands a replica its part of this step (the weights are already in shared memory). */
  send(replica: Replica, part: SamplePart): void {
    const { channel } = replica;
    channel.x.set(part.x);
    channel.y.set(part.y);
    Atomics.store(channel.control, Slot.count, part.count);
    Atomics.store(channel.control, Slot.command, Command.step);
    replica.step += 1;
    Atomics.store(channel.control, Slot.go, replica.step);
    Atomics.notify(channel.control, Slot.go);
  }

  /**
   * The replica's results for the step last sent (its channel holds gradients and values), or why
   * it died; a dead replica is dropped from `running()`.
   */
  async receive(replica: Replica): Promise<Channel | Error> {
    const failed = await waitFor(replica, Slot.done, replica.step);
    if (!failed) return replica.channel;
    replica.alive = false;
    await replica.thread.terminate();
    return failed;
  }

  async close(): Promise<void> {
    for (const replica of this.running()) {
      const { control } = replica.channel;
      Atomics.store(control, Slot.command, Command.quit);
      Atomics.store(control, Slot.go, ++replica.step);
      Atomics.notify(control, Slot.go);
      replica.alive = false;
      await replica.thread.terminate();
    }
  }
}

/**
 * Resolves null once the replica's `control[slot]` equals `value`, or with why the replica's
 * thread ended, or with a timeout error past `deadline` (a Date.now() time). Asynchronous waiting
 * keeps this thread's event loop turning, which is what delivers a dead thread's exit.
 */
async function waitFor(
  replica: Replica,
  slot: number,
  value: number,
  deadline = Infinity,
): Promise<Error | null> {
  const { control } = replica.channel;
  for (;;) {
    const current = Atomics.load(control, slot);
    if (current === value) return null;
    if (replica.failure) return replica.failure;
    const left = deadline - Date.now();
    if (left <= 0) return new Error(`it did not start within ${READY_TIMEOUT_MS / 1000} s`);
    const wait = Atomics.waitAsync(
      control,
      slot,
      current,
      Number.isFinite(left) ? left : undefined,
    );
    if (wait.async) await wait.value;
  }
}
