/**
 * Property-based tests of the document boundary, inference and the edit operations. Valid
 * documents are damaged thousands of ways (fields deleted, duplicated, retyped, set to extremes,
 * ids swapped, junk keys added, text cut short) or edited by random operation sequences, and:
 *
 * - the loader either returns a document that survives a save/load round trip unchanged, or
 *   throws a DocumentError whose problems are all coded;
 * - inference on anything the loader accepts never throws, and every problem it reports is
 *   coded and attached to nodes and edges that exist;
 * - edit operations never mutate their input and only ever produce documents the loader accepts.
 *
 * Seeds are fixed, so a failure reproduces; fast-check prints the shrunk counterexample.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { GraphDocument } from '../../app/graph/document.ts';
import * as edit from '../../app/graph/edit.ts';
import type { EditResult } from '../../app/graph/edit.ts';
import { DocumentError, problemCodes } from '../../app/graph/errors.ts';
import type { Problem } from '../../app/graph/errors.ts';
import { inferGraph } from '../../app/graph/infer.ts';
import { parseDocument, parseDocumentText, serializeDocument } from '../../app/graph/load.ts';
import { findLayer, layerTypes } from '../../app/layers/catalog.ts';
import type { ParamDef } from '../../app/layers/params.ts';
import { chain } from '../helpers/docs.ts';
import { branchy, mlp, residualNetwork, siamese } from '../helpers/networks.ts';

const SEED = 20_240_611;

const seeds: GraphDocument[] = [
  mlp(),
  branchy(),
  residualNetwork(2),
  siamese(),
  chain(
    ['x', 'Input', { kind: 'image', shape: [12, 12, 1] }],
    ['c', 'Conv2D', { filters: 4, kernelSize: [5, 5], strides: [2, 2], activation: 'leakyRelu' }],
    ['f', 'Flatten'],
    ['o', 'Dense', { units: 1, activation: 'sigmoid' }],
    ['l', 'BinaryCrossentropyLoss'],
  ),
];

const codes = new Set(Object.keys(problemCodes));

function expectCoded(problems: readonly Problem[]): void {
  expect(problems.length).toBeGreaterThan(0);
  for (const p of problems) {
    expect(codes.has(p.code), p.code).toBe(true);
    expect(p.message.startsWith(`${p.code} `), p.message).toBe(true);
  }
}

/** Graph problem codes inference reported over a run, to show the runs reach broken graphs. */
const inferredCodes = new Set<string>();

/** Inference must not throw and must only point at things that exist. */
function expectSoundInference(doc: GraphDocument): void {
  const inference = inferGraph(doc);
  for (const p of inference.problems) inferredCodes.add(p.code);
  const nodeIds = new Set(doc.nodes.map((n) => n.id));
  const edgeIds = new Set(doc.edges.map((e) => e.id));
  for (const id of nodeIds) expect(inference.nodes[id]).toBeDefined();
  for (const p of inference.problems) {
    expect(codes.has(p.code), p.code).toBe(true);
    expect(p.message.startsWith(`${p.code} `)).toBe(true);
    if (p.node !== undefined) expect(nodeIds.has(p.node), p.message).toBe(true);
    if (p.edge !== undefined) expect(edgeIds.has(p.edge), p.message).toBe(true);
  }
  expect(Number.isFinite(inference.totals.params.total)).toBe(true);
}

/** Runs a load; on success checks the round trip and inference, on failure the problems. */
function checkLoad(load: () => GraphDocument): 'loaded' | 'refused' {
  let doc: GraphDocument;
  try {
    doc = load();
  } catch (err) {
    if (!(err instanceof DocumentError)) throw err;
    expectCoded(err.problems);
    return 'refused';
  }
  const saved = serializeDocument(doc);
  expect(serializeDocument(parseDocumentText(saved))).toBe(saved);
  expectSoundInference(doc);
  return 'loaded';
}

// ---------------------------------------------------------------------------------------------
// Damage to the JSON value

type Json = unknown;
type Path = (string | number)[];

/** Every location in a JSON value, root excluded, in a stable order. */
function locations(value: Json, path: Path = [], out: Path[] = []): Path[] {
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      out.push([...path, i]);
      locations(v, [...path, i], out);
    });
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      out.push([...path, k]);
      locations(v, [...path, k], out);
    }
  }
  return out;
}

function container(root: Json, path: Path): Record<string | number, Json> | undefined {
  let at = root;
  for (const key of path.slice(0, -1)) at = (at as Record<string | number, Json>)[key];
  return typeof at === 'object' && at !== null ? (at as Record<string | number, Json>) : undefined;
}

/** Sets an own property the way JSON.parse would, so `__proto__` stays an ordinary key. */
function define(target: Record<string | number, Json>, key: string | number, value: Json): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

const extremes: Json[] = [
  0,
  -0,
  -1,
  0.5,
  1e9,
  -1e9,
  2 ** 53,
  1e308,
  -1e308,
  NaN,
  Infinity,
  -Infinity,
];
const junk: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(null, true, false, '', 'x', [], {}, [3, 3], [1e9], { a: 1 }, ...extremes),
  fc.integer({ min: -5, max: 70_000 }),
  fc.double(),
  fc.string({ maxLength: 12 }),
  fc.array(fc.integer({ min: -2, max: 40 }), { maxLength: 4 }),
);
const junkKey = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    'id',
    'type',
    'params',
    'group',
  ),
  fc.constantFrom(
    'shareWeightsWith',
    'name',
    'parent',
    'collapsed',
    'units',
    'filters',
    'kernelSize',
  ),
  fc.string({ maxLength: 6 }),
);

type Damage =
  | { kind: 'delete' | 'duplicate'; at: number }
  | { kind: 'retype'; at: number; value: Json }
  | { kind: 'junkKey'; at: number; key: string; value: Json }
  | { kind: 'swapIds' | 'rewire' | 'copyId'; a: number; b: number }
  | { kind: 'retypeLayer'; a: number; b: number };

const damage: fc.Arbitrary<Damage> = fc.oneof(
  fc.record({ kind: fc.constantFrom('delete' as const, 'duplicate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('retype' as const), at: fc.nat(), value: junk }),
  fc.record({ kind: fc.constant('junkKey' as const), at: fc.nat(), key: junkKey, value: junk }),
  fc.record({
    kind: fc.constantFrom('swapIds' as const, 'rewire' as const, 'copyId' as const),
    a: fc.nat(),
    b: fc.nat(),
  }),
  fc.record({ kind: fc.constant('retypeLayer' as const), a: fc.nat(), b: fc.nat() }),
);

function applyDamage(root: Json, d: Damage): void {
  const doc = root as { nodes?: Json; edges?: Json };
  const objects = (list: Json) =>
    (Array.isArray(list) ? (list as Json[]) : []).filter(
      (v): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v),
    );
  const nodes = objects(doc.nodes);
  const edges = objects(doc.edges);
  const nodeAt = (i: number) => nodes[i % Math.max(1, nodes.length)];
  switch (d.kind) {
    case 'delete':
    case 'duplicate':
    case 'retype':
    case 'junkKey': {
      const all = locations(root);
      const path = all[d.at % Math.max(1, all.length)];
      if (!path) return;
      const parent = container(root, path);
      const key = path.at(-1) as string | number;
      if (!parent) return;
      if (d.kind === 'delete') {
        if (Array.isArray(parent)) parent.splice(Number(key), 1);
        else delete parent[key];
      } else if (d.kind === 'duplicate') {
        const copy: Json = structuredClone(parent[key]);
        if (Array.isArray(parent)) parent.splice(Number(key), 0, copy);
        else define(parent, `${String(key)}_copy`, copy);
      } else if (d.kind === 'retype') {
        define(parent, key, d.value);
      } else if (d.kind === 'junkKey') {
        const target = parent[key];
        if (typeof target === 'object' && target !== null && !Array.isArray(target)) {
          define(target as Record<string, Json>, d.key, d.value);
        }
      }
      return;
    }
    case 'swapIds': {
      const [a, b] = [nodeAt(d.a), nodeAt(d.b)];
      if (a && b) [a.id, b.id] = [b.id, a.id];
      return;
    }
    case 'copyId': {
      const [a, b] = [nodeAt(d.a), nodeAt(d.b)];
      if (a && b) a.id = b.id;
      return;
    }
    case 'rewire': {
      const e = edges[d.a % Math.max(1, edges.length)];
      const n = nodeAt(d.b);
      const end = e?.[d.b % 2 ? 'source' : 'target'];
      if (n && typeof end === 'object' && end !== null) (end as Record<string, Json>).node = n.id;
      return;
    }
    case 'retypeLayer': {
      const n = nodeAt(d.a);
      if (n) n.type = layerTypes[d.b % layerTypes.length];
      return;
    }
  }
}

const asJson = (doc: GraphDocument): Json => JSON.parse(serializeDocument(doc));

describe('damaged documents', () => {
  it('load to a round-tripping document or a coded DocumentError, and infer soundly', () => {
    const outcomes = { loaded: 0, refused: 0 };
    inferredCodes.clear();
    fc.assert(
      fc.property(
        fc.nat({ max: seeds.length - 1 }),
        fc.array(damage, { minLength: 1, maxLength: 6 }),
        (which, damages) => {
          const raw = asJson(seeds[which] as GraphDocument);
          for (const d of damages) applyDamage(raw, d);
          outcomes[checkLoad(() => parseDocument(raw))]++;
        },
      ),
      { seed: SEED, numRuns: 3000 },
    );
    // Not vacuous: hundreds of damaged documents still load, and inference finds them broken
    // in many different ways (3,000 runs of this seed give 511 loads and 11 codes).
    expect(outcomes.loaded).toBeGreaterThan(300);
    expect(outcomes.refused).toBeGreaterThan(300);
    expect(inferredCodes.size).toBeGreaterThanOrEqual(8);
  });

  it('cut short or with a character changed, the text still gives a coded answer', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: seeds.length - 1 }),
        fc.nat(),
        fc.option(fc.constantFrom('{', '}', '[', ']', '"', ',', ':', '0', '-', 'e', ' ', '\\')),
        (which, at, replacement) => {
          const text = serializeDocument(seeds[which] as GraphDocument);
          const cut = at % text.length;
          const damaged =
            replacement === null
              ? text.slice(0, cut)
              : text.slice(0, cut) + replacement + text.slice(cut + 1);
          checkLoad(() => parseDocumentText(damaged));
        },
      ),
      { seed: SEED, numRuns: 1500 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Random edit sequences

interface OpDraw {
  kind: number;
  a: number;
  b: number;
  c: number;
  flag: boolean;
  text: string;
}

const opDraw: fc.Arbitrary<OpDraw> = fc.record({
  kind: fc.nat(),
  a: fc.nat(),
  b: fc.nat(),
  c: fc.nat(),
  flag: fc.boolean(),
  text: fc.string({ maxLength: 10 }),
});

/** Values a user (or a buggy inspector) might type for a param: in range, at its edges, wrong. */
function candidateValues(def: ParamDef): unknown[] {
  const wrong = ['x', 2.5, -1, null, [1, 2, 3], true];
  switch (def.kind) {
    case 'int':
    case 'float':
      return [
        def.default,
        def.min,
        def.max,
        def.max + 1,
        Math.round((def.min + def.max) / 2),
        ...wrong,
      ];
    case 'bool':
      return [true, false, ...wrong];
    case 'enum':
      return [...def.options, ...wrong];
    case 'ints':
      return [
        [...def.default],
        Array(def.length).fill(def.min),
        Array(def.length).fill(5),
        ...wrong,
      ];
    case 'intList':
      return [
        [...def.default],
        [4],
        [8, 8, 3],
        [16, 2],
        Array(def.maxLength + 1).fill(2),
        ...wrong,
      ];
  }
}

function pick<T>(list: readonly T[], i: number): T | undefined {
  return list.length === 0 ? undefined : list[i % list.length];
}

/** One edit operation on the current document, arguments drawn from what it holds. */
function applyOp(doc: GraphDocument, op: OpDraw): EditResult<object> {
  const ids = doc.nodes.map((n) => n.id);
  const nodeA = pick(ids, op.a) ?? 'ghost';
  const nodeB = pick(ids, op.b) ?? 'ghost';
  const groupIds = doc.groups.map((g) => g.id);
  switch (op.kind % 12) {
    case 0:
      return edit.addNode(doc, pick(layerTypes, op.a) ?? 'Dense', { x: op.b, y: -op.c });
    case 1:
      return edit.removeNodes(doc, [nodeA]);
    case 2:
      return edit.connect(doc, nodeA, nodeB, op.flag ? op.c % 4 : undefined);
    case 3:
      return edit.disconnect(doc, pick(doc.edges, op.a)?.id ?? 'ghost');
    case 4: {
      const node = doc.nodes.find((n) => n.id === nodeA);
      const spec = node ? findLayer(node.type) : undefined;
      const [key, def] = pick(Object.entries(spec?.params ?? {}), op.b) ?? ['units', undefined];
      const value = def ? pick(candidateValues(def), op.c) : 3;
      return edit.updateParams(doc, nodeA, { [key]: op.flag ? undefined : (value as never) });
    }
    case 5:
      return edit.moveNodes(doc, { [nodeA]: { x: op.b * (op.flag ? 1e5 : 1), y: -op.c } });
    case 6:
      return edit.groupNodes(doc, [nodeA, nodeB], op.text);
    case 7:
      return edit.ungroup(doc, pick(groupIds, op.a) ?? 'ghost');
    case 8:
      return edit.setGroupCollapsed(doc, pick(groupIds, op.a) ?? 'ghost', op.flag);
    case 9:
      return edit.rename(doc, op.flag ? nodeA : (pick(groupIds, op.a) ?? nodeA), op.text);
    case 10:
      return edit.setShareWeights(doc, nodeA, op.flag ? nodeB : undefined);
    default:
      return edit.duplicateNodes(doc, [nodeA, nodeB], { x: op.b % 300, y: op.c % 300 });
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

describe('random edit sequences', () => {
  it('never mutate their input and only produce documents the loader accepts', () => {
    const outcomes = { applied: 0, refused: 0 };
    fc.assert(
      fc.property(
        fc.nat({ max: seeds.length - 1 }),
        fc.array(opDraw, { minLength: 1, maxLength: 30 }),
        (which, ops) => {
          let doc = deepFreeze(parseDocument(asJson(seeds[which] as GraphDocument)));
          for (const op of ops) {
            const before = serializeDocument(doc);
            const result = applyOp(doc, op);
            expect(serializeDocument(doc)).toBe(before);
            outcomes[result.ok ? 'applied' : 'refused']++;
            if (!result.ok) {
              expectCoded([result.error]);
              continue;
            }
            const saved = serializeDocument(result.doc);
            expect(serializeDocument(parseDocumentText(saved))).toBe(saved);
            doc = deepFreeze(result.doc);
          }
          expectSoundInference(doc);
        },
      ),
      { seed: SEED, numRuns: 600 },
    );
    expect(outcomes.applied).toBeGreaterThan(1000);
    expect(outcomes.refused).toBeGreaterThan(200);
  });
});
