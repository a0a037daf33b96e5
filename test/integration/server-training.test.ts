/**
 * Training through browser mode's server, over a real WebSocket on loopback: start a small network
 * on a synthetic data set, follow its progress events, stop it, then find it in the document's
 * runs and read it back. The oracles are the events the run streamed (what the window drew) and
 * the template's own hand count of parameters, not the code under test.
 */
import { copyFile, mkdir, mkdtemp, readdir, readFile, stat, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type {
  Events,
  LiveRun,
  PreflightReport,
  RunListItem,
  RunRecord,
} from '../../app/api/contract.ts';
import type { TrainingEvent } from '../../app/graph/training.ts';
import { startServer } from '../../main/server/serve.ts';
import type { RunningServer } from '../../main/server/serve.ts';
import { chain } from '../helpers/docs.ts';

type Result = {
  ok: boolean;
  value?: unknown;
  error?: { code: string; message: string; problems?: unknown[] };
};
type Pushed = { [E in keyof Events]: { event: E; payload: Events[E] } }[keyof Events];

interface Client {
  call(channel: string, request?: unknown): Promise<Result>;
  /** Every event pushed to this client so far, in order. */
  events: Pushed[];
  /** Resolves with the first pushed event (past or future) that `match` accepts. */
  waitFor<P extends Pushed>(
    match: (e: Pushed) => e is P,
    what: string,
    timeoutMs?: number,
  ): Promise<P>;
  close(): void;
}

const DOCUMENT = 'flower.nwg.json';
let root: string;
let workspace: string;
let server: RunningServer;
let shallowPlanar: unknown;

async function serve(options: { maxHeapMb?: number } = {}): Promise<RunningServer> {
  return startServer({
    host: '127.0.0.1',
    port: 0,
    rendererDir: join(root, 'renderer'),
    context: {
      mode: 'browser',
      workspace,
      configDir: join(root, 'config'),
      templatesDir: join(root, 'templates'),
      version: '0.0.0-test',
      ...(options.maxHeapMb ? { training: { maxHeapMb: options.maxHeapMb } } : {}),
    },
  });
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'netwright-server-training-'));
  workspace = join(root, 'workspace');
  for (const dir of [workspace, join(root, 'renderer'), join(root, 'templates')]) await mkdir(dir);
  await copyFile('templates/shallow-planar.json', join(workspace, DOCUMENT));
  shallowPlanar = JSON.parse(await readFile(join(workspace, DOCUMENT), 'utf8'));
  server = await serve();
});

afterAll(async () => {
  await server.close();
});

function connect(to: RunningServer = server): Promise<Client> {
  const base = to.url.replace(/\/\?token=.*$/, '');
  const ws = new WebSocket(`${base.replace('http', 'ws')}/api?token=${to.token}`, {
    headers: { Origin: base },
  });
  const events: Pushed[] = [];
  const watchers = new Set<(e: Pushed) => void>();
  const pending = new Map<number, (result: Result) => void>();
  let next = 0;
  ws.on('message', (data) => {
    const message = JSON.parse((data as Buffer).toString('utf8')) as
      { id: number; result: Result } | Pushed;
    if ('event' in message) {
      events.push(message);
      for (const watch of watchers) watch(message);
    } else pending.get(message.id)?.(message.result);
  });
  return new Promise((resolve, reject) => {
    ws.on('error', reject);
    ws.on('open', () =>
      resolve({
        events,
        call: (channel, request = {}) =>
          new Promise((done) => {
            const id = next++;
            pending.set(id, done);
            ws.send(JSON.stringify({ id, channel, request }));
          }),
        waitFor: <P extends Pushed>(
          match: (e: Pushed) => e is P,
          what: string,
          timeoutMs = 90_000,
        ) =>
          new Promise<P>((found, fail) => {
            const past = events.find(match);
            if (past) return found(past);
            const timer = setTimeout(() => {
              watchers.delete(watch);
              fail(
                new Error(
                  `no ${what} within ${timeoutMs} ms; got ${events.map((e) => e.event).join(', ')}`,
                ),
              );
            }, timeoutMs);
            const watch = (e: Pushed) => {
              if (!match(e)) return;
              clearTimeout(timer);
              watchers.delete(watch);
              found(e);
            };
            watchers.add(watch);
          }),
        close: () => ws.close(),
      }),
    );
  });
}

type ProgressOf<T extends TrainingEvent['type']> = {
  event: 'training.event';
  payload: { runId: string; event: Extract<TrainingEvent, { type: T }> };
};
type Ended =
  | { event: 'training.done'; payload: Events['training.done'] }
  | { event: 'training.failed'; payload: Events['training.failed'] };

const progress =
  <T extends TrainingEvent['type']>(type: T, runId: string) =>
  (e: Pushed): e is ProgressOf<T> =>
    e.event === 'training.event' && e.payload.runId === runId && e.payload.event.type === type;
const ended =
  (runId: string) =>
  (e: Pushed): e is Ended =>
    (e.event === 'training.done' || e.event === 'training.failed') && e.payload.runId === runId;
const epochsOf = (client: Client, runId: string) =>
  client.events.filter(progress('epoch', runId)).map((e) => e.payload.event.record);

const longPlanarRun = {
  epochs: 5000,
  batchSize: 8,
  optimizer: { type: 'adam', learningRate: 0.05 },
  dataset: { source: 'builtin', name: 'planar' },
};

describe('training over the WebSocket', () => {
  let runId: string;
  let savedRunId: string;
  let streamed: ReturnType<typeof epochsOf>;

  it('streams progress to every connected window, stops on request and saves the run', async () => {
    const [window, secondWindow] = [await connect(), await connect()];
    const started = await window.call('training.start', {
      document: shallowPlanar,
      config: longPlanarRun,
      documentPath: DOCUMENT,
    });
    expect(started).toMatchObject({ ok: true });
    runId = (started.value as { runId: string }).runId;

    const start = await window.waitFor(progress('start', runId), 'start event');
    // 400 planar points, 10% dev and 10% test by default: 320 train, 40 batches of 8.
    expect(start.payload.event.samples).toEqual({ train: 320, dev: 40, test: 40 });
    expect(start.payload.event.batchesPerEpoch).toBe(40);
    expect(start.payload.event.backend.reason).not.toBe('');
    await window.waitFor(
      (e): e is ProgressOf<'epoch'> =>
        progress('epoch', runId)(e) && e.payload.event.record.epoch === 2,
      'second epoch',
    );

    const status = await window.call('training.status');
    expect(status.ok).toBe(true);
    const live = status.value as LiveRun;
    expect(live).toMatchObject({ runId, documentPath: DOCUMENT, stopping: false });
    expect(live.events[0]?.type).toBe('start');

    const refused = await secondWindow.call('training.start', {
      document: shallowPlanar,
      config: longPlanarRun,
      documentPath: DOCUMENT,
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'A008' } });

    expect(await secondWindow.call('training.stop', { runId })).toEqual({
      ok: true,
      value: { stopping: true },
    });
    const end = await window.waitFor(ended(runId), 'end of the run');
    expect(end.event).toBe('training.done');
    const done = end.payload as Events['training.done'];
    expect(done.summary.status).toBe('stopped');
    expect(done.savedRunId).toMatch(/^\d{4}-\d\d-\d\dT/);
    savedRunId = done.savedRunId as string;

    streamed = epochsOf(window, runId);
    expect(streamed.length).toBeGreaterThanOrEqual(2);
    expect(streamed.length).toBeLessThan(longPlanarRun.epochs);
    expect(streamed.map((r) => r.epoch)).toEqual(streamed.map((_, i) => i + 1));
    expect(done.summary.epochs).toEqual(streamed);
    // The other window saw the same run, event for event.
    expect(epochsOf(secondWindow, runId)).toEqual(streamed);

    // Batch events are sampled, but every finished epoch's last batch arrives.
    const batches = window.events.filter(progress('batch', runId)).map((e) => e.payload.event);
    expect(batches.length).toBeGreaterThan(0);
    for (const { epoch } of streamed) {
      expect(batches.some((b) => b.epoch === epoch && b.batch === b.batchesPerEpoch)).toBe(true);
    }
    for (const b of batches) expect(Number.isFinite(b.loss)).toBe(true);

    expect(await window.call('training.status')).toEqual({ ok: true, value: null });
    expect(await window.call('training.stop', { runId })).toEqual({
      ok: true,
      value: { stopping: false },
    });
    window.close();
    secondWindow.close();
  });

  it('lists the run beside the document and reads back what it streamed', async () => {
    const window = await connect();
    const listed = await window.call('runs.list', { documentPath: DOCUMENT });
    expect(listed.ok).toBe(true);
    const runs = (listed.value as { runs: RunListItem[] }).runs;
    const item = runs.find((r) => r.id === savedRunId);
    expect(item).toMatchObject({
      status: 'stopped',
      epochs: streamed.length,
      plannedEpochs: longPlanarRun.epochs,
      dataset: 'planar',
      final: streamed.at(-1),
    });
    expect(streamed).toContainEqual(item?.best);

    const read = await window.call('runs.read', { documentPath: DOCUMENT, runId: savedRunId });
    expect(read.ok).toBe(true);
    const record = read.value as RunRecord;
    expect(record.epochs).toEqual(streamed);
    expect(record.config).toMatchObject({
      epochs: 5000,
      batchSize: 8,
      dataset: { name: 'planar' },
    });
    expect(record.sizes).toEqual({ train: 320, dev: 40, test: 40 });
    expect(record.summary?.status).toBe('stopped');
    expect(record.document.nodes.map((n) => n.id)).toEqual(['input', 'hidden', 'output', 'loss']);

    const opened = await window.call('runs.open', { documentPath: DOCUMENT, runId: savedRunId });
    expect(opened.ok).toBe(true);
    const { document, weights } = opened.value as {
      document: RunRecord['document'];
      weights: { final: string | null };
    };
    expect(document).toEqual(record.document);
    expect(weights.final).toBe(`${DOCUMENT}.runs/${savedRunId}/final`);
    expect((await stat(join(workspace, weights.final as string, 'model.json'))).isFile()).toBe(
      true,
    );
    window.close();
  });

  it('refuses runs outside the workspace, run ids that are paths, and runs that do not exist', async () => {
    const window = await connect();
    expect(await window.call('runs.list', { documentPath: '../elsewhere.json' })).toMatchObject({
      ok: false,
      error: { code: 'A003' },
    });
    expect(await window.call('runs.read', { documentPath: DOCUMENT, runId: '..' })).toMatchObject({
      ok: false,
      error: { code: 'A002' },
    });
    expect(await window.call('runs.read', { documentPath: DOCUMENT, runId: 'nope' })).toMatchObject(
      {
        ok: false,
        error: { code: 'A009' },
      },
    );
    expect(await window.call('runs.list', { documentPath: 'never-saved.json' })).toEqual({
      ok: true,
      value: { runs: [] },
    });
    const csvOutside = await window.call('training.start', {
      document: shallowPlanar,
      config: { dataset: { source: 'csv', path: '../../etc/passwd' } },
      documentPath: null,
    });
    expect(csvOutside).toMatchObject({ ok: false, error: { code: 'A003' } });
    const badConfig = await window.call('training.start', {
      document: shallowPlanar,
      config: { epochs: 0 },
      documentPath: null,
    });
    expect(badConfig).toMatchObject({ ok: false, error: { code: 'A002' } });
    expect(badConfig.error?.message).toContain('config.epochs');
    // A runs folder planted as a symlink out of the workspace must not take the run's writes.
    const outside = join(root, 'outside-runs');
    await mkdir(outside);
    await copyFile(join(workspace, DOCUMENT), join(workspace, 'planted.json'));
    await symlink(outside, join(workspace, 'planted.json.runs'));
    const planted = await window.call('training.start', {
      document: shallowPlanar,
      config: { epochs: 1, dataset: { source: 'builtin', name: 'moons' } },
      documentPath: 'planted.json',
    });
    expect(planted).toMatchObject({ ok: false, error: { code: 'A003' } });
    expect(await readdir(outside)).toEqual([]);
    window.close();
  });
});

describe('pre-flight', () => {
  it('estimates memory from the network and sizes from the data before anything trains', async () => {
    const window = await connect();
    const result = await window.call('training.preflight', {
      document: shallowPlanar,
      config: { batchSize: 32, optimizer: { type: 'adam' }, dataset: { name: 'planar' } },
      documentPath: DOCUMENT,
    });
    expect(result.ok).toBe(true);
    const report = result.value as PreflightReport;
    // The template's hand count: 2·4 + 4 + 4·1 + 1 = 17 float32 weights; Adam keeps two moments each.
    expect(report.preflight.memory.weightsBytes).toBe(17 * 4);
    expect(report.preflight.memory.optimizerStateBytes).toBe(2 * 17 * 4);
    expect(report.samples).toEqual({ train: 320, dev: 40, test: 40 });
    expect(report.batchesPerEpoch).toBe(10);

    const wrongData = await window.call('training.preflight', {
      document: shallowPlanar,
      config: { dataset: { name: 'mnist' } },
      documentPath: null,
    });
    expect(wrongData).toMatchObject({ ok: false, error: { code: 'E206' } });
    expect(wrongData.error?.message).not.toMatch(/^E206/);

    // A CSV chosen but its path not typed yet is asked for, not read from the workspace folder.
    const noPath = await window.call('training.preflight', {
      document: shallowPlanar,
      config: { dataset: { source: 'csv', path: '' } },
      documentPath: DOCUMENT,
    });
    expect(noPath).toMatchObject({ ok: false, error: { code: 'E210' } });
    expect(noPath.error?.message).toContain('needs the path of a CSV file');
    window.close();
  });
});

describe('runs that cannot go on', () => {
  it('a NaN loss ends the run with E209, the batch where it happened and what to try', async () => {
    // Linear regression by SGD at rate 10 on points of radius up to 4 overflows within a few batches.
    const linear = chain(
      ['x', 'Input', { kind: 'vector', shape: [2] }],
      ['out', 'Dense', { units: 1 }],
      ['loss', 'MeanSquaredErrorLoss'],
    );
    const window = await connect();
    const started = await window.call('training.start', {
      document: linear,
      config: {
        epochs: 3,
        batchSize: 10,
        optimizer: { type: 'sgd', learningRate: 10 },
        dataset: { name: 'planar' },
      },
      documentPath: null,
    });
    const runId = (started.value as { runId: string }).runId;
    const end = await window.waitFor(ended(runId), 'end of the run');
    expect(end.event).toBe('training.failed');
    const failed = end.payload as Events['training.failed'];
    expect(failed).toMatchObject({ kind: 'diverged', code: 'E209', savedRunId: null });
    expect(failed.message).toContain(`epoch ${failed.epoch}, batch ${failed.batch}`);
    expect(failed.message).toMatch(/lower learning rate/);
    window.close();
  });

  it('a worker that runs out of memory is reported, and the server carries on', async () => {
    const cramped = await serve({ maxHeapMb: 16 });
    try {
      const window = await connect(cramped);
      const start = () =>
        window.call('training.start', {
          document: shallowPlanar,
          config: { epochs: 1, dataset: { name: 'planar' } },
          documentPath: null,
        });
      for (let attempt = 0; attempt < 2; attempt++) {
        // The second start is accepted: the dead worker no longer holds the one training slot.
        const started = await start();
        expect(started.ok).toBe(true);
        const runId = (started.value as { runId: string }).runId;
        const end = await window.waitFor(ended(runId), 'end of the run');
        expect(end.payload).toMatchObject({ kind: 'out-of-memory', code: 'A011' });
        expect((end.payload as Events['training.failed']).message).toMatch(
          /ran out of memory.*smaller batch size/,
        );
        expect(await window.call('training.status')).toEqual({ ok: true, value: null });
      }
      window.close();
    } finally {
      await cramped.close();
    }
  });
});
