/**
 * Continuing from a past run, and exporting its weights, through browser mode's server over a
 * real WebSocket. A small network trains on the planar set; a second run starts from its final
 * weights with a learning rate of almost nothing, so it must measure the same dev loss the first
 * run recorded (same seed, same split, same weights), while a fresh start measures what untrained
 * sigmoid output gives (ln 2). The oracles are the first run's own records and tfjs's decoding of
 * the weight files, not the code under test.
 */
import { copyFile, mkdir, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { Events, RunListItem } from '../../app/api/contract.ts';
import type { GraphDocument } from '../../app/graph/document.ts';
import type { EpochRecord, TrainingEvent } from '../../app/graph/training.ts';
import { readModelWeights } from '../../main/runs/weights.ts';
import { startServer } from '../../main/server/serve.ts';
import type { RunningServer } from '../../main/server/serve.ts';
import { chain } from '../helpers/docs.ts';
import { findPythonWithTorch, runPython } from '../helpers/python.ts';
import { tf, useCpuBackend } from '../helpers/tfjs-oracle.ts';

type Result = { ok: boolean; value?: unknown; error?: { code: string; message: string } };
type Pushed = { [E in keyof Events]: { event: E; payload: Events[E] } }[keyof Events];

const DOCUMENT = 'flower.nwg.json';
const RUN_TIMEOUT_MS = 120_000;
let root: string;
let workspace: string;
let server: RunningServer;
let ws: WebSocket;
let planar: GraphDocument;
const events: Pushed[] = [];
const pending = new Map<number, (result: Result) => void>();
let next = 0;

function call(channel: string, request: unknown): Promise<Result> {
  return new Promise((done) => {
    const id = next++;
    pending.set(id, done);
    ws.send(JSON.stringify({ id, channel, request }));
  });
}

beforeAll(async () => {
  await useCpuBackend();
  root = await mkdtemp(join(tmpdir(), 'netwright-warm-start-'));
  workspace = join(root, 'workspace');
  const renderer = join(root, 'renderer');
  for (const dir of [workspace, renderer, join(root, 'templates')]) await mkdir(dir);
  await writeFile(join(renderer, 'index.html'), '<!doctype html><title>Netwright</title>');
  await copyFile('templates/shallow-planar.json', join(workspace, DOCUMENT));
  planar = JSON.parse(await readFile(join(workspace, DOCUMENT), 'utf8')) as GraphDocument;
  server = await startServer({
    host: '127.0.0.1',
    port: 0,
    rendererDir: renderer,
    context: {
      mode: 'browser',
      workspace,
      configDir: join(root, 'config'),
      templatesDir: join(root, 'templates'),
      version: '0.0.0-test',
    },
  });
  const origin = server.url.replace(/\/\?token=.*$/, '');
  ws = new WebSocket(`${origin.replace('http', 'ws')}/api?token=${server.token}`, {
    headers: { Origin: origin },
  });
  ws.on('message', (data) => {
    const message = JSON.parse((data as Buffer).toString('utf8')) as
      { id: number; result: Result } | Pushed;
    if ('event' in message) events.push(message);
    else pending.get(message.id)?.(message.result);
  });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
});

afterAll(async () => {
  ws.close();
  await server.close();
});

/** Polls the pushed events until the run ends; the event loop delivers them meanwhile. */
async function ended(runId: string): Promise<Pushed> {
  const deadline = Date.now() + RUN_TIMEOUT_MS;
  for (;;) {
    const end = events.find(
      (e) =>
        (e.event === 'training.done' || e.event === 'training.failed') && e.payload.runId === runId,
    );
    if (end) return end;
    if (Date.now() > deadline) throw new Error(`run ${runId} did not end`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

interface Trained {
  savedRunId: string;
  epochs: EpochRecord[];
  firstBatchLoss: number;
}

async function train(
  config: object,
  initialWeights?: object,
  document: GraphDocument = planar,
): Promise<Trained> {
  const started = await call('training.start', {
    document,
    // Two moons: this 4-unit network learns them from any starting weights. (The seed fixes the
    // data, not the initial weights, so a data set with bad local minima would make this flaky.)
    config: { dataset: { source: 'builtin', name: 'moons' }, ...config },
    documentPath: DOCUMENT,
    ...(initialWeights ? { initialWeights } : {}),
  });
  expect(started).toMatchObject({ ok: true });
  const { runId } = started.value as { runId: string };
  const end = await ended(runId);
  expect(end.event).toBe('training.done');
  const done = end.payload as Events['training.done'];
  const batches = events
    .filter((e) => e.event === 'training.event' && e.payload.runId === runId)
    .map((e) => (e.payload as Events['training.event']).event)
    .filter((e): e is Extract<TrainingEvent, { type: 'batch' }> => e.type === 'batch');
  return {
    savedRunId: done.savedRunId as string,
    epochs: done.summary.epochs,
    firstBatchLoss: (batches[0] as { loss: number }).loss,
  };
}

/** One epoch that measures rather than learns: SGD at 1e-9 moves no weight visibly. */
const measureOnly = { epochs: 1, batchSize: 8, optimizer: { type: 'sgd', learningRate: 1e-9 } };

describe('continuing from a run', () => {
  let first: Trained;

  it(
    'starts from the run’s final weights: the same dev loss it ended on, far below a fresh start',
    async () => {
      first = await train({
        epochs: 20,
        batchSize: 8,
        optimizer: { type: 'adam', learningRate: 0.1 },
      });
      const finalDevLoss = first.epochs.at(-1)?.devLoss as number;
      const warm = await train(measureOnly, { runId: first.savedRunId, which: 'final' });
      const fresh = await train(measureOnly);

      expect(warm.epochs[0]?.devLoss).toBeCloseTo(finalDevLoss, 5);
      // Untrained weights (σ = 0.01) put every prediction near ½: a loss near ln 2.
      expect(fresh.epochs[0]?.devLoss).toBeCloseTo(Math.log(2), 2);
      expect(finalDevLoss).toBeLessThan(Math.log(2) - 0.3);
      // The first batch is scored before any step: it sees the loaded weights, not new ones.
      expect(warm.firstBatchLoss).toBeLessThan(fresh.firstBatchLoss - 0.2);
      expect(Math.abs(warm.epochs[0]!.loss - first.epochs.at(-1)!.loss)).toBeLessThan(0.1);

      const config = JSON.parse(
        await readFile(join(workspace, `${DOCUMENT}.runs`, warm.savedRunId, 'config.json'), 'utf8'),
      ) as { startedFrom?: unknown };
      expect(config.startedFrom).toEqual({ runId: first.savedRunId, which: 'final' });
      const listed = await call('runs.list', { documentPath: DOCUMENT });
      const runs = (listed.value as { runs: RunListItem[] }).runs;
      expect(runs.find((r) => r.id === warm.savedRunId)?.startedFrom).toEqual({
        runId: first.savedRunId,
        which: 'final',
      });
      expect(runs.find((r) => r.id === fresh.savedRunId)?.startedFrom).toBeNull();
    },
    3 * RUN_TIMEOUT_MS,
  );

  it('refuses weights that do not fit the edited network with E213, naming the layer', async () => {
    const wider: GraphDocument = {
      ...planar,
      nodes: planar.nodes.map((n) =>
        n.id === 'hidden' ? { ...n, params: { ...n.params, units: 8 } } : n,
      ),
    };
    const refused = await call('training.start', {
      document: wider,
      config: measureOnly,
      documentPath: DOCUMENT,
      initialWeights: { runId: first.savedRunId, which: 'best' },
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'E213' } });
    // The template's hidden layer: 2 → 4 with 12 weights; widened, 2 → 8 with 24.
    expect(refused.error?.message).toContain(
      'layer hidden has shape [2] → [8] (24 weights) here and [2] → [4] (12 weights) in the run',
    );

    const unsaved = await call('training.start', {
      document: planar,
      config: measureOnly,
      documentPath: null,
      initialWeights: { runId: first.savedRunId, which: 'final' },
    });
    expect(unsaved).toMatchObject({ ok: false, error: { code: 'A009' } });
    const noSuchRun = await call('training.start', {
      document: planar,
      config: measureOnly,
      documentPath: DOCUMENT,
      initialWeights: { runId: 'nope', which: 'final' },
    });
    expect(noSuchRun).toMatchObject({ ok: false, error: { code: 'A009' } });
    expect(await call('training.status', {})).toEqual({ ok: true, value: null });
  });

  it(
    'the worker refuses kernels that inference cannot tell apart, with E213',
    async () => {
      // A point as a 1×2 image; a 1×2 or a 2×1 kernel with `same` padding gives the same output and
      // 1·2·1·2 + 2 = 6 weights either way, so only the saved tensors show the difference.
      const conv = (kernelSize: number[]) =>
        chain(
          ['x', 'Input', { kind: 'vector', shape: [2] }],
          ['image', 'Reshape', { targetShape: [1, 2, 1] }],
          ['c', 'Conv2D', { filters: 2, kernelSize, padding: 'same', activation: 'tanh' }],
          ['flat', 'Flatten'],
          ['out', 'Dense', { units: 1, activation: 'sigmoid' }],
          ['loss', 'BinaryCrossentropyLoss'],
        );
      const wide = await train(measureOnly, undefined, conv([1, 2]));
      const started = await call('training.start', {
        document: conv([2, 1]),
        config: { dataset: { source: 'builtin', name: 'planar' }, ...measureOnly },
        documentPath: DOCUMENT,
        initialWeights: { runId: wide.savedRunId, which: 'final' },
      });
      expect(started).toMatchObject({ ok: true });
      const end = await ended((started.value as { runId: string }).runId);
      expect(end).toMatchObject({
        event: 'training.failed',
        payload: { kind: 'error', code: 'E213' },
      });
      expect((end.payload as Events['training.failed']).message).toContain(
        'weight c/kernel has shape 2×1×1×2 here and 1×2×1×2 in the run',
      );
    },
    2 * RUN_TIMEOUT_MS,
  );

  it(
    'exports a project with the run’s weights, byte for byte what the run saved',
    async () => {
      const runFinal = join(workspace, `${DOCUMENT}.runs`, first.savedRunId, 'final');
      const saved = await readModelWeights(tf, runFinal);
      const weightsFrom = { runId: first.savedRunId, which: 'final' };

      const ts = await call('export.write', {
        document: planar,
        target: 'typescript-project',
        path: 'exports/ts',
        documentPath: DOCUMENT,
        weightsFrom,
      });
      expect(ts).toMatchObject({ ok: true });
      expect((ts.value as { files: string[] }).files).toContain('exports/ts/weights/model.json');
      const exported = await readModelWeights(tf, join(workspace, 'exports/ts/weights'));
      expect(Object.keys(exported).sort()).toEqual(Object.keys(saved).sort());
      for (const [name, tensor] of Object.entries(saved)) {
        expect(Array.from(exported[name]!.dataSync())).toEqual(Array.from(tensor.dataSync()));
      }

      const pt = await call('export.write', {
        document: planar,
        target: 'pytorch',
        path: 'exports/pt',
        documentPath: DOCUMENT,
        weightsFrom,
      });
      expect(pt).toMatchObject({ ok: true });
      // The template's 17 float32 weights.
      expect((await stat(join(workspace, 'exports/pt/weights.bin'))).size).toBe(17 * 4);
      expect((await stat(join(workspace, 'exports/pt/weights.json'))).isFile()).toBe(true);

      const python = findPythonWithTorch();
      // CI installs python3-torch, so there the check must run; elsewhere it may be absent.
      if (!python && process.env.CI) throw new Error('CI needs Python with torch for this check.');
      if (python) {
        // Transposes move weights around but keep their sum: PyTorch must hold the same numbers.
        const script =
          'from model import build_model\n' +
          "m = build_model('weights.json')\n" +
          'print(sum(float(v.double().sum()) for v in m.state_dict().values()))\n';
        const result = runPython(python, ['-c', script], { cwd: join(workspace, 'exports/pt') });
        expect(result.stderr).toBe('');
        const total = Object.values(saved).reduce((s, t) => s + t.sum().dataSync()[0]!, 0);
        expect(Number(result.stdout.trim())).toBeCloseTo(total, 4);
      }
      tf.dispose(Object.values(saved));
      tf.dispose(Object.values(exported));

      const module = await call('export.write', {
        document: planar,
        target: 'typescript-module',
        path: 'exports/model.ts',
        documentPath: DOCUMENT,
        weightsFrom,
      });
      expect(module).toMatchObject({ ok: false, error: { code: 'A002' } });
      const edited = await call('export.write', {
        document: {
          ...planar,
          nodes: planar.nodes.map((n) =>
            n.id === 'hidden' ? { ...n, params: { ...n.params, units: 8 } } : n,
          ),
        },
        target: 'pytorch',
        path: 'exports/edited',
        documentPath: DOCUMENT,
        weightsFrom,
      });
      expect(edited).toMatchObject({ ok: false, error: { code: 'E213' } });
    },
    RUN_TIMEOUT_MS,
  );
});
