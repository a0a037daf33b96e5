/**
 * The app's Export and Import over browser mode's real WebSocket: `export.write` puts each
 * target's files inside the workspace and nowhere else; `import.open` turns a TensorFlow.js
 * model.json that the app itself saved back into the network it came from.
 */
import { mkdir, mkdtemp, readFile, readdir, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { io } from '@tensorflow/tfjs';
import { compileToLayersModel } from '../../app/engine/compile.ts';
import { modelJsonFor } from '../../app/engine/io/model-json.ts';
import type { GraphDocument } from '../../app/graph/document.ts';
import { inferGraph, nodeParams } from '../../app/graph/infer.ts';
import { getLayer } from '../../app/layers/catalog.ts';
import { saveModelWeights } from '../../main/runs/weights.ts';
import { startServer } from '../../main/server/serve.ts';
import type { RunningServer } from '../../main/server/serve.ts';
import { doc, edge, node } from '../helpers/docs.ts';
import { tf, useCpuBackend } from '../helpers/tfjs-oracle.ts';

/** A residual block: the add and the two branches are what an exporter most easily gets wrong. */
const residual: GraphDocument = doc(
  [
    node('x', 'Input', { shape: [8, 8, 3] }),
    node('c1', 'Conv2D', { filters: 4, padding: 'same', activation: 'relu' }),
    node('c2', 'Conv2D', { filters: 4, padding: 'same' }),
    node('sum', 'Add'),
    node('flat', 'Flatten'),
    node('out', 'Dense', { units: 10, activation: 'softmax' }),
    node('loss', 'CategoricalCrossentropyLoss'),
  ],
  [
    edge('x', 'c1'),
    edge('c1', 'c2'),
    edge('c1', 'sum', 0),
    edge('c2', 'sum', 1),
    edge('sum', 'flat'),
    edge('flat', 'out'),
    edge('out', 'loss'),
  ],
  'Residual',
);

let server: RunningServer;
let workspace: string;
let outside: string;
let call: (
  channel: string,
  request: unknown,
) => Promise<{
  ok: boolean;
  value?: unknown;
  error?: { code: string; message: string; problems?: { code: string }[] };
}>;
let closeSocket: () => void;

beforeAll(async () => {
  await useCpuBackend();
  const root = await mkdtemp(join(tmpdir(), 'netwright-export-'));
  workspace = join(root, 'workspace');
  outside = join(root, 'outside');
  const renderer = join(root, 'renderer');
  for (const dir of [workspace, outside, renderer, join(root, 'templates')]) await mkdir(dir);
  await writeFile(join(renderer, 'index.html'), '<!doctype html><title>Netwright</title>');
  await symlink(outside, join(workspace, 'escape'));
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
  const ws = new WebSocket(`${origin.replace('http', 'ws')}/api?token=${server.token}`, {
    headers: { Origin: origin },
  });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  let next = 0;
  const pending = new Map<number, (result: never) => void>();
  ws.on('message', (data) => {
    const { id, result } = JSON.parse((data as Buffer).toString('utf8')) as {
      id: number;
      result: never;
    };
    pending.get(id)?.(result);
  });
  call = (channel, request) =>
    new Promise((done) => {
      const id = next++;
      pending.set(id, done);
      ws.send(JSON.stringify({ id, channel, request }));
    });
  closeSocket = () => ws.close();
});

afterAll(async () => {
  closeSocket();
  await server.close();
});

/** Every file under a folder, relative to it, with forward slashes, sorted. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort();
}

describe('export.write', () => {
  // The file lists are what each target's README promises (see issue 6 and the emitters' docs).
  const cases = [
    {
      target: 'typescript-project',
      path: 'exports/ts',
      files: [
        'README.md',
        'package.json',
        'src/data.ts',
        'src/model.ts',
        'src/train.ts',
        'src/weights.ts',
        'tsconfig.json',
      ],
      mark: 'export function buildModel(): tf.LayersModel',
    },
    {
      target: 'keras',
      path: 'exports/keras',
      files: ['README.md', 'model.py', 'train.py'],
      mark: 'def build_model() -> keras.Model:',
    },
    {
      target: 'pytorch',
      path: 'exports/torch',
      files: ['README.md', 'model.py', 'train.py'],
      mark: '(nn.Module):',
    },
  ] as const;

  it.each(cases)('writes the $target project inside the workspace', async (c) => {
    const result = await call('export.write', {
      document: residual,
      target: c.target,
      path: c.path,
    });
    expect(result.error).toBeUndefined();
    const folder = join(workspace, c.path);
    const onDisk = await filesUnder(folder);
    expect(onDisk).toEqual(c.files);
    const value = result.value as { path: string; files: string[]; warnings: unknown[] };
    expect(value.path).toBe(c.path);
    expect([...value.files].sort()).toEqual(c.files.map((f) => `${c.path}/${f}`));
    expect(value.warnings).toEqual([]);
    const model = await readFile(
      join(folder, c.target === 'typescript-project' ? 'src/model.ts' : 'model.py'),
      'utf8',
    );
    expect(model).toContain(c.mark);
    // The residual add is spelled out in the code, with both branches.
    expect(model).toMatch(/c1[^\n]*c2|c2[^\n]*c1/);
  });

  it('writes a TypeScript module as one file, creating its folder', async () => {
    const result = await call('export.write', {
      document: residual,
      target: 'typescript-module',
      path: 'exports/module/residual.ts',
    });
    expect(result.error).toBeUndefined();
    expect(await filesUnder(join(workspace, 'exports/module'))).toEqual(['residual.ts']);
    const text = await readFile(join(workspace, 'exports/module/residual.ts'), 'utf8');
    // 3·3·3·4+4 = 112, 3·3·4·4+4 = 148, 8·8·4·10+10 = 2570: 2,830 parameters by hand.
    expect(text).toContain('Generated by Netwright: 7 nodes, 2,830 parameters');
  });

  it('refuses paths outside the workspace, symlinks included, and writes nothing there', async () => {
    for (const path of ['../outside/torch', join(outside, 'torch'), 'escape/torch']) {
      const result = await call('export.write', { document: residual, target: 'pytorch', path });
      expect(result.error?.code, path).toBe('A003');
    }
    expect(await readdir(outside)).toEqual([]);
  });

  it('answers a bad target, a broken document and a file in the way with codes', async () => {
    const badTarget = await call('export.write', {
      document: residual,
      target: 'matlab',
      path: 'exports/m',
    });
    expect(badTarget.error?.code).toBe('A002');

    const broken = await call('export.write', {
      document: { ...residual, nodes: 'no' },
      target: 'keras',
      path: 'exports/broken',
    });
    expect(broken.error?.code).toBe('A005');

    await writeFile(join(workspace, 'taken'), 'a file');
    const onFile = await call('export.write', {
      document: residual,
      target: 'keras',
      path: 'taken',
    });
    expect(onFile.error?.code).toBe('A004');
    expect(await readFile(join(workspace, 'taken'), 'utf8')).toBe('a file');
  });
});

describe('import.open', () => {
  it('opens a model.json the app saved as the network it came from', async () => {
    // What a run or the export writes: tfjs saves the model, Netwright adds its training config.
    const compiled = compileToLayersModel(tf, residual);
    const folder = join(workspace, 'models', 'residual');
    await saveModelWeights(compiled.model, folder);
    compiled.model.dispose();
    const saved = JSON.parse(await readFile(join(folder, 'model.json'), 'utf8')) as {
      modelTopology: object;
      weightsManifest: { weights: io.WeightsManifestEntry[] }[];
    };
    const withTraining = modelJsonFor(residual, saved.modelTopology, {
      specs: saved.weightsManifest[0]?.weights ?? [],
      path: './weights.bin',
    });
    await writeFile(join(folder, 'model.json'), JSON.stringify(withTraining));

    const result = await call('import.open', { path: 'models/residual/model.json' });
    expect(result.error).toBeUndefined();
    const { document, notes } = result.value as { document: GraphDocument; notes: string[] };
    expect(document.metadata.title).toBe('residual');

    // Layers keep their ids (the layer names); the loss node comes back from the training config.
    const layerIds = (d: GraphDocument) =>
      d.nodes
        .filter((n) => getLayer(n.type).role !== 'loss')
        .map((n) => n.id)
        .sort();
    expect(layerIds(document)).toEqual(layerIds(residual));
    expect(document.nodes.filter((n) => n.type === 'CategoricalCrossentropyLoss')).toHaveLength(1);
    for (const original of residual.nodes.filter((n) => n.type !== 'CategoricalCrossentropyLoss')) {
      const imported = document.nodes.find((n) => n.id === original.id);
      const spec = getLayer(original.type);
      expect(imported?.type).toBe(original.type);
      expect(imported && nodeParams(spec, imported)).toEqual(nodeParams(spec, original));
    }
    const wires = (d: GraphDocument) =>
      d.edges
        .filter(
          (e) => getLayer(d.nodes.find((n) => n.id === e.target.node)?.type ?? '').role !== 'loss',
        )
        .map((e) => `${e.source.node}->${e.target.node}:${e.target.port}`)
        .sort();
    expect(wires(document)).toEqual(wires(residual));
    expect(inferGraph(document).totals.params.total).toBe(2830);
    // Laid out: not every node on the origin.
    expect(new Set(document.nodes.map((n) => `${n.position.x},${n.position.y}`)).size).toBe(
      document.nodes.length,
    );
    expect(notes.some((n) => n.includes('netwright import'))).toBe(true);
  });

  it('names the layer it does not know, and refuses paths outside the workspace', async () => {
    const keras = {
      class_name: 'Sequential',
      config: {
        name: 'odd',
        layers: [
          { class_name: 'InputLayer', config: { name: 'in', batch_input_shape: [null, 4] } },
          { class_name: 'Warp', config: { name: 'warp_1' } },
        ],
      },
    };
    await writeFile(join(workspace, 'odd.json'), JSON.stringify(keras));
    const unknown = await call('import.open', { path: 'odd.json' });
    expect(unknown.error?.code).toBe('A005');
    expect(unknown.error?.message).toContain('warp_1');
    expect(unknown.error?.message).toContain('Warp');

    await writeFile(join(outside, 'model.json'), JSON.stringify(keras));
    const escaped = await call('import.open', { path: 'escape/model.json' });
    expect(escaped.error?.code).toBe('A003');
  });
});
