/**
 * Every template in templates/index.json: it loads, infers without errors, builds in tfjs with the
 * parameter count its reference reports (published figures and hand arithmetic written below, not
 * read from the template), has its block structure, is laid out readably, and is exactly what its
 * generator writes today.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GraphDocument, GraphNode } from '../../app/graph/document.ts';
import { FRAME_PAD, LAYER_NODE_SIZE, frameAround } from '../../app/graph/group-geometry.ts';
import { parseDocumentText, serializeDocument } from '../../app/graph/load.ts';
import { indexEntry, serializeIndex } from '../../templates/src/index-entry.ts';
import type { TemplateIndexEntry } from '../../templates/src/index-entry.ts';
import { templates } from '../../templates/src/registry.ts';
import { expectInferenceMatchesTfjs, useCpuBackend } from '../helpers/tfjs-oracle.ts';

const root = join(import.meta.dirname, '..', '..');
const templatesDir = join(root, 'templates');
const index = JSON.parse(
  readFileSync(join(templatesDir, 'index.json'), 'utf8'),
) as TemplateIndexEntry[];

/** Parameters of a k×k convolution with bias, and of a dense layer with bias. */
const convCount = (k: number, cin: number, cout: number) => k * k * cin * cout + cout;
const denseCount = (inputs: number, units: number) => inputs * units + units;
/** tfjs's recurrent cells: `gates` blocks of W·x + U·h + b. */
const rnnCount = (gates: number, units: number, inputs: number) =>
  gates * (units * inputs + units * units + units);

/**
 * What each reference reports. Published figures: the "Total params" of keras.applications'
 * model.summary() for the Keras models; torchvision's documented num_params, which is
 * sum(p.numel() for p in model.parameters()) and so trainable only (BatchNorm running statistics
 * are buffers in PyTorch). Course models: counted by hand here.
 */
const expectedCounts: Record<string, { params: number; counts: 'all' | 'trainable' }> = {
  'logistic-regression.json': { params: 64 * 64 * 3 + 1, counts: 'all' },
  'shallow-planar.json': { params: denseCount(2, 4) + denseCount(4, 1), counts: 'all' },
  'deep-fc.json': {
    params: denseCount(12288, 20) + denseCount(20, 7) + denseCount(7, 5) + denseCount(5, 1),
    counts: 'all',
  },
  'bottleneck-cnn.json': {
    params:
      convCount(3, 3, 64) +
      convCount(1, 64, 16) +
      convCount(5, 16, 64) +
      denseCount(8 * 8 * 64, 10),
    counts: 'all',
  },
  'lstm-classifier.json': {
    params: 10_000 * 50 + rnnCount(4, 64, 50) + denseCount(64, 5),
    counts: 'all',
  },
  'gru-classifier.json': {
    params: 10_000 * 32 + rnnCount(3, 64, 32) + denseCount(64, 5),
    counts: 'all',
  },
  'word2vec-skipgram.json': { params: 10_000 * 300 + denseCount(300, 10_000), counts: 'all' },
  'siamese-face-verification.json': {
    // One encoder counted once: its twin shares every weight.
    params:
      convCount(3, 3, 32) +
      convCount(3, 32, 64) +
      convCount(3, 64, 128) +
      denseCount(128, 128) +
      denseCount(1, 1),
    counts: 'all',
  },
  'multi-task.json': {
    params:
      convCount(3, 3, 16) +
      convCount(3, 16, 32) +
      denseCount(16 * 16 * 32, 64) +
      4 * denseCount(64, 1),
    counts: 'all',
  },
  'tiny-yolo.json': {
    params:
      convCount(3, 3, 16) +
      convCount(3, 16, 32) +
      convCount(3, 32, 64) +
      convCount(3, 64, 128) +
      convCount(3, 128, 256) +
      convCount(3, 256, 256) +
      convCount(1, 256, 2 * (5 + 3)),
    counts: 'all',
  },
  'lenet5.json': {
    params:
      convCount(5, 1, 6) +
      convCount(5, 6, 16) +
      denseCount(400, 120) +
      denseCount(120, 84) +
      denseCount(84, 10),
    counts: 'all',
  },
  'lenet-modern.json': {
    params:
      convCount(5, 1, 6) +
      convCount(5, 6, 16) +
      denseCount(400, 120) +
      denseCount(120, 84) +
      denseCount(84, 10),
    counts: 'all',
  },
  'alexnet.json': { params: 61_100_840, counts: 'all' },
  'vgg16.json': { params: 138_357_544, counts: 'all' },
  'vgg19.json': { params: 143_667_240, counts: 'all' },
  'googlenet.json': { params: 6_624_904, counts: 'trainable' },
  'resnet18.json': { params: 11_689_512, counts: 'trainable' },
  'resnet34.json': { params: 21_797_672, counts: 'trainable' },
  'resnet50.json': { params: 25_636_712, counts: 'all' },
  'inception-v3.json': { params: 23_851_784, counts: 'all' },
  'mobilenet-v1.json': { params: 4_253_864, counts: 'all' },
};

interface Structure {
  /** Exact number of nodes of each listed type. */
  types: Record<string, number>;
  /** Top-level groups that hold groups, and how many each holds (ResNet stages of blocks). */
  stages?: number[];
  /** Every node of this type sits in a group of its own (one Add per residual block). */
  onePerGroup?: string;
  /** Nodes that borrow weights with shareWeightsWith. */
  shared?: number;
  /** Groups in all, nested ones included. */
  groups?: number;
}

const structures: Record<string, Structure> = {
  'logistic-regression.json': { types: { Dense: 1, BinaryCrossentropyLoss: 1 } },
  'shallow-planar.json': { types: { Dense: 2 } },
  'deep-fc.json': { types: { Dense: 4, Dropout: 2 } },
  'bottleneck-cnn.json': { types: { Conv2D: 3, Dense: 1 } },
  'lstm-classifier.json': { types: { Embedding: 1, LSTM: 1, Dense: 1 } },
  'gru-classifier.json': { types: { Embedding: 1, GRU: 1, Dense: 1 } },
  'word2vec-skipgram.json': { types: { Embedding: 1, Dense: 1 } },
  'siamese-face-verification.json': { types: { Input: 2, Conv2D: 6, Dot: 1 }, shared: 4 },
  'multi-task.json': { types: { BinaryCrossentropyLoss: 4 } },
  'tiny-yolo.json': { types: { Conv2D: 7, MaxPool2D: 5, Reshape: 1 } },
  'lenet5.json': { types: { Conv2D: 2, AvgPool2D: 2, Dense: 3 } },
  'lenet-modern.json': { types: { Conv2D: 2, MaxPool2D: 2, Dense: 3 } },
  'alexnet.json': { types: { Conv2D: 5, MaxPool2D: 3, Dense: 3 } },
  'vgg16.json': { types: { Conv2D: 13, MaxPool2D: 5, Dense: 3 }, groups: 5 + 1 },
  'vgg19.json': { types: { Conv2D: 16, MaxPool2D: 5, Dense: 3 }, groups: 5 + 1 },
  // Nine inception modules, each a group, plus the stem and the classifier.
  'googlenet.json': {
    types: { Concatenate: 9, Conv2D: 57 },
    onePerGroup: 'Concatenate',
    groups: 9 + 2,
  },
  'resnet18.json': { types: { Add: 8 }, stages: [2, 2, 2, 2], onePerGroup: 'Add' },
  'resnet34.json': { types: { Add: 16 }, stages: [3, 4, 6, 3], onePerGroup: 'Add' },
  'resnet50.json': {
    types: { Add: 16, Conv2D: 53 },
    stages: [3, 4, 6, 3],
    onePerGroup: 'Add',
    groups: 2 + 4 + 16,
  },
  // 11 mixed modules plus the inner joins of mixed9 and mixed10's split branches.
  'inception-v3.json': { types: { Concatenate: 15, Conv2D: 94 }, groups: 11 + 2 },
  'mobilenet-v1.json': { types: { DepthwiseConv2D: 13, Conv2D: 15 }, groups: 13 + 2 },
};

/** Node boxes as the canvas draws them, smaller than the layout's lanes and rows. */
const BOX = { width: 240, height: 90 };

interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

const boxOf = (n: GraphNode): Box => ({
  x0: n.position.x,
  y0: n.position.y,
  x1: n.position.x + BOX.width,
  y1: n.position.y + BOX.height,
});
const intersects = (a: Box, b: Box) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

/** Node ids inside a group or any group nested in it. */
function nodesInGroup(doc: GraphDocument, groupId: string): Set<string> {
  const inside = new Set([groupId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const g of doc.groups) {
      if (g.parent !== undefined && inside.has(g.parent) && !inside.has(g.id)) {
        inside.add(g.id);
        grew = true;
      }
    }
  }
  return new Set(
    doc.nodes.filter((n) => n.group !== undefined && inside.has(n.group)).map((n) => n.id),
  );
}

/**
 * Every group's frame as the canvas draws it when the template opens (all groups expanded, nodes
 * at the canvas's node size): the frame geometry the renderer uses, around the group's own nodes
 * and its inner groups' frames.
 */
function framesOf(doc: GraphDocument): Map<string, Box> {
  const frames = new Map<string, Box>();
  const frameOf = (groupId: string): Box => {
    const known = frames.get(groupId);
    if (known) return known;
    const inside = [
      ...doc.nodes.filter((n) => n.group === groupId).map(canvasBoxOf),
      ...doc.groups.filter((g) => g.parent === groupId).map((g) => frameOf(g.id)),
    ];
    const x0 = Math.min(...inside.map((b) => b.x0));
    const y0 = Math.min(...inside.map((b) => b.y0));
    const drawn = frameAround({
      x: x0,
      y: y0,
      width: Math.max(...inside.map((b) => b.x1)) - x0,
      height: Math.max(...inside.map((b) => b.y1)) - y0,
    });
    const frame = {
      x0: drawn.x,
      y0: drawn.y,
      x1: drawn.x + drawn.width,
      y1: drawn.y + drawn.height,
    };
    frames.set(groupId, frame);
    return frame;
  };
  for (const group of doc.groups) frameOf(group.id);
  return frames;
}

/** The title bar's height (`.group-frame__title` in renderer/styles/canvas.css). */
const TITLE_BAR_HEIGHT = 26;
/**
 * The middle of an edge's shape label, which React Flow centres halfway between the source's
 * bottom and the target's top: half the pill's height (19 px) and the width of the shortest label.
 */
const LABEL_CORE = { width: 24, height: 19 };

const canvasBoxOf = (n: GraphNode): Box => ({
  x0: n.position.x,
  y0: n.position.y,
  x1: n.position.x + LAYER_NODE_SIZE.width,
  y1: n.position.y + LAYER_NODE_SIZE.height,
});

function load(entry: TemplateIndexEntry): GraphDocument {
  return parseDocumentText(readFileSync(join(templatesDir, entry.file), 'utf8'));
}

beforeAll(useCpuBackend);

describe('templates/index.json', () => {
  it('lists every generator once, as the generators describe it now', () => {
    const entries = templates.map((t) => indexEntry(t, t.build()));
    expect(readFileSync(join(templatesDir, 'index.json'), 'utf8')).toBe(serializeIndex(entries));
    expect(Object.keys(expectedCounts).sort()).toEqual(index.map((e) => e.file).sort());
    expect(Object.keys(structures).sort()).toEqual(index.map((e) => e.file).sort());
  });
});

describe.each(index)('template $file', (entry) => {
  // Loaded inside the tests, so a file that fails to load fails its tests rather than the suite.
  let loaded: GraphDocument | undefined;
  const document = () => (loaded ??= load(entry));

  it('loads, and is exactly what its generator writes today', () => {
    document();
    const generator = templates.find((t) => `${t.file}.json` === entry.file);
    expect(generator, `no generator for ${entry.file}`).toBeDefined();
    const text = readFileSync(join(templatesDir, entry.file), 'utf8');
    expect(text).toBe(serializeDocument((generator as NonNullable<typeof generator>).build()));
  });

  it('claims the reference count, with what that count covers', () => {
    const { reference, description } = document().metadata;
    const expected = expectedCounts[entry.file];
    expect(reference?.params).toBe(expected?.params);
    expect(reference?.counts ?? 'all').toBe(expected?.counts);
    expect(reference?.implementation).toBeTruthy();
    expect(description?.length ?? 0).toBeGreaterThan(200);
  });

  it('builds in tfjs with shapes as inferred and the reference parameter count', () => {
    const doc = document();
    // Also asserts that inference has no errors and agrees with tfjs node by node.
    const { model } = expectInferenceMatchesTfjs(doc);
    try {
      const trainable = model.trainableWeights.reduce(
        (n, w) => n + w.shape.reduce((a: number, d) => a * (d ?? 1), 1),
        0,
      );
      const all = (doc.metadata.reference?.counts ?? 'all') === 'all';
      expect(all ? model.countParams() : trainable).toBe(doc.metadata.reference?.params);
    } finally {
      // VGG-19 alone holds 575 MB of weights.
      model.dispose();
    }
  });

  it('has its block structure', () => {
    const doc = document();
    const want = structures[entry.file] as Structure;
    for (const [type, count] of Object.entries(want.types)) {
      expect({ type, count: doc.nodes.filter((n) => n.type === type).length }).toEqual({
        type,
        count,
      });
    }
    if (want.stages) {
      const stages = doc.groups.filter(
        (g) => g.parent === undefined && doc.groups.some((c) => c.parent === g.id),
      );
      expect(stages.map((s) => doc.groups.filter((c) => c.parent === s.id).length)).toEqual(
        want.stages,
      );
    }
    if (want.onePerGroup) {
      const merges = doc.nodes.filter((n) => n.type === want.onePerGroup);
      const groups = merges.map((n) => n.group);
      expect(groups.every((g) => g !== undefined)).toBe(true);
      expect(new Set(groups).size).toBe(merges.length);
    }
    expect(doc.nodes.filter((n) => n.shareWeightsWith !== undefined).length).toBe(want.shared ?? 0);
    if (want.groups !== undefined) expect(doc.groups.length).toBe(want.groups);
  });

  it('is laid out: distinct positions, no overlapping nodes, every group contiguous', () => {
    const doc = document();
    const boxes = doc.nodes.map(boxOf);
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        if (intersects(boxes[i] as Box, boxes[j] as Box)) {
          expect.fail(`${doc.nodes[i]?.id} overlaps ${doc.nodes[j]?.id}`);
        }
      }
    }
    for (const group of doc.groups) {
      const inside = nodesInGroup(doc, group.id);
      expect(inside.size, `group ${group.id} is empty`).toBeGreaterThan(0);
      const members = doc.nodes.filter((n) => inside.has(n.id)).map(boxOf);
      const frame: Box = {
        x0: Math.min(...members.map((b) => b.x0)),
        y0: Math.min(...members.map((b) => b.y0)),
        x1: Math.max(...members.map((b) => b.x1)),
        y1: Math.max(...members.map((b) => b.y1)),
      };
      const intruders = doc.nodes.filter((n) => !inside.has(n.id) && intersects(boxOf(n), frame));
      expect(
        intruders.map((n) => n.id),
        `nodes inside group ${group.id}'s frame`,
      ).toEqual([]);
    }
  });

  it('opens with group frames apart from each other and inside their parents, titles clear', () => {
    const doc = document();
    const frames = framesOf(doc);
    // At each level (the top, then inside each group), what is drawn side by side: its own
    // nodes and its inner groups' frames. A frame must not touch any of the others.
    const collisions: string[] = [];
    for (const level of [undefined, ...doc.groups.map((g) => g.id)]) {
      const items = [
        ...doc.nodes
          .filter((n) => n.group === level)
          .map((n) => ({ id: n.id, frame: false, box: canvasBoxOf(n) })),
        ...doc.groups
          .filter((g) => g.parent === level)
          .map((g) => ({ id: `group ${g.id}`, frame: true, box: frames.get(g.id) as Box })),
      ];
      for (let i = 0; i < items.length; i++) {
        for (let j = i + 1; j < items.length; j++) {
          const a = items[i] as (typeof items)[number];
          const b = items[j] as (typeof items)[number];
          if ((a.frame || b.frame) && intersects(a.box, b.box))
            collisions.push(`${a.id} × ${b.id}`);
        }
      }
    }
    expect(collisions, 'frames that overlap something at their level').toEqual([]);

    for (const group of doc.groups) {
      const frame = frames.get(group.id) as Box;
      // No node of another group sits under this frame, however deep the two are nested.
      const inside = nodesInGroup(doc, group.id);
      const covered = doc.nodes.filter(
        (n) => !inside.has(n.id) && intersects(canvasBoxOf(n), frame),
      );
      expect(
        covered.map((n) => n.id),
        `nodes under group ${group.id}'s frame`,
      ).toEqual([]);
      if (group.parent === undefined) continue;
      // Inside the parent, below the parent's title bar, so both titles show.
      const parent = frames.get(group.parent) as Box;
      expect(
        frame.x0 >= parent.x0 &&
          frame.x1 <= parent.x1 &&
          frame.y0 >= parent.y0 + FRAME_PAD.top &&
          frame.y1 <= parent.y1,
        `group ${group.id}'s frame inside ${group.parent}'s, below its title`,
      ).toBe(true);
    }
  });

  it('opens with no edge label on a frame title', () => {
    const doc = document();
    const titles = [...framesOf(doc)].map(([id, f]) => ({
      id,
      bar: { ...f, y1: f.y0 + TITLE_BAR_HEIGHT },
    }));
    const byId = new Map(doc.nodes.map((n) => [n.id, canvasBoxOf(n)]));
    const covered: string[] = [];
    for (const edge of doc.edges) {
      const from = byId.get(edge.source.node) as Box;
      const to = byId.get(edge.target.node) as Box;
      const x = (from.x0 + from.x1 + to.x0 + to.x1) / 4;
      const y = (from.y1 + to.y0) / 2;
      const label = {
        x0: x - LABEL_CORE.width / 2,
        x1: x + LABEL_CORE.width / 2,
        y0: y - LABEL_CORE.height / 2,
        y1: y + LABEL_CORE.height / 2,
      };
      for (const title of titles) {
        if (intersects(label, title.bar)) covered.push(`${edge.id} on ${title.id}`);
      }
    }
    expect(covered).toEqual([]);
  });
});

describe('netwright summary', () => {
  it('prints ResNet-50 with the Keras total', () => {
    const out = execFileSync(
      'node',
      [join(root, 'bin', 'netwright.js'), 'summary', 'templates/resnet50.json'],
      {
        cwd: root,
        encoding: 'utf8',
      },
    );
    expect(out).toContain('Total params: 25,636,712');
  });
});
