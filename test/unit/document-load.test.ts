/**
 * Hostile input at the document boundary: whatever arrives, the loader answers with a valid
 * document or a DocumentError whose problems each carry a code, a message and (where there is
 * one) the JSON path — never another exception, never a hang, never a polluted prototype.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CURRENT_VERSION } from '../../app/graph/document.ts';
import type { GraphDocument } from '../../app/graph/document.ts';
import { DocumentError, problemCodes } from '../../app/graph/errors.ts';
import type { Problem, ProblemCode } from '../../app/graph/errors.ts';
import { inferGraph } from '../../app/graph/infer.ts';
import { parseDocument, parseDocumentText, serializeDocument } from '../../app/graph/load.ts';
import { chain } from '../helpers/docs.ts';

type Json = Record<string, unknown>;

/** Input → Conv2D → Conv2D → Flatten → Dense → loss: `nodes[2]` is a Conv2D with filters. */
function valid(): Json {
  const d = chain(
    ['x', 'Input', { kind: 'image', shape: [28, 28, 1] }],
    ['c1', 'Conv2D', { filters: 8 }],
    ['c2', 'Conv2D', { filters: 16 }],
    ['flat', 'Flatten'],
    ['out', 'Dense', { units: 10, activation: 'softmax' }],
    ['loss', 'CategoricalCrossentropyLoss'],
  );
  return JSON.parse(serializeDocument(d)) as Json;
}

/** Sets `value` at a path such as `nodes[2].params.filters` in a fresh copy of `valid()`. */
function changed(path: string, value: unknown): Json {
  const doc = valid();
  const keys = path.split(/\.|\[(\d+)\]/).filter((k) => k !== undefined && k !== '');
  let at: Json = doc;
  for (const key of keys.slice(0, -1)) at = at[key] as Json;
  // defineProperty, as JSON.parse does, so a `__proto__` key stays an ordinary own key.
  Object.defineProperty(at, keys.at(-1) as string, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
  return doc;
}

/** The problems of a refused load, after checking each is coded and said in words. */
function refusal(load: () => unknown): Problem[] {
  let thrown: unknown;
  try {
    load();
  } catch (err) {
    thrown = err;
  }
  expect(thrown).toBeInstanceOf(DocumentError);
  const problems = (thrown as DocumentError).problems;
  expect(problems.length).toBeGreaterThan(0);
  for (const p of problems) {
    expect(Object.keys(problemCodes)).toContain(p.code);
    expect(p.message).toMatch(new RegExp(`^${p.code} \\S`));
    expect(p.message.length).toBeLessThan(400);
  }
  return problems;
}

interface HostileCase {
  name: string;
  /** Text goes through parseDocumentText, anything else through parseDocument. */
  input: () => unknown;
  code: ProblemCode;
  /** The JSON path the problem must name, in its `path` and in its message. */
  path?: string;
  mentions?: string[];
}

const deep = (depth: number, leaf = '') => '['.repeat(depth) + leaf + ']'.repeat(depth);
const withText = (json: Json, key: string, rawValue: string) =>
  JSON.stringify(json).replace(/}$/, `,"${key}":${rawValue}}`);

const cases: HostileCase[] = [
  // Wrong types at nested paths.
  {
    name: 'text for a Conv2D filter count',
    input: () => changed('nodes[2].params.filters', 'many'),
    code: 'E007',
    path: 'nodes[2].params.filters',
    mentions: ['whole number', '"many"'],
  },
  {
    name: 'an object for a Conv2D filter count',
    input: () => changed('nodes[2].params.filters', { value: 8 }),
    code: 'E003',
    path: 'nodes[2].params.filters',
    mentions: ['an object'],
  },
  {
    name: 'text for a position',
    input: () => changed('nodes[1].position.x', '12'),
    code: 'E003',
    path: 'nodes[1].position.x',
    mentions: ['a number', '"12"'],
  },
  {
    name: 'text for a port',
    input: () => changed('edges[0].target.port', '0'),
    code: 'E003',
    path: 'edges[0].target.port',
  },
  {
    name: 'a number for the title',
    input: () => changed('metadata.title', 42),
    code: 'E003',
    path: 'metadata.title',
    mentions: ['text', '42'],
  },
  {
    name: 'text for the epoch count',
    input: () => changed('training', { epochs: 'ten' }),
    code: 'E003',
    path: 'training.epochs',
  },
  {
    name: 'a missing node id',
    input: () => changed('nodes[3].id', undefined),
    code: 'E003',
    path: 'nodes[3].id',
    mentions: ['missing'],
  },
  {
    name: 'an id that is not code-safe',
    input: () => changed('nodes[3].id', 'my layer'),
    code: 'E003',
    path: 'nodes[3].id',
    mentions: ['"my layer"'],
  },
  {
    name: 'an object for the node list',
    input: () => changed('nodes', {}),
    code: 'E003',
    path: 'nodes',
  },
  // References.
  {
    name: 'an unknown layer type',
    input: () => changed('nodes[4].type', 'Dense3000'),
    code: 'E004',
    path: 'nodes[4].type',
    mentions: ['"Dense3000"'],
  },
  {
    name: 'a dangling edge',
    input: () => changed('edges[1].target.node', 'ghost'),
    code: 'E006',
    path: 'edges[1].target.node',
    mentions: ['"ghost"'],
  },
  {
    name: 'weights shared with a missing node',
    input: () => changed('nodes[2].shareWeightsWith', 'ghost'),
    code: 'E006',
    path: 'nodes[2].shareWeightsWith',
  },
  {
    name: 'two nodes with one id',
    input: () => changed('nodes[2].id', 'c1'),
    code: 'E005',
    path: 'nodes[2]',
    mentions: ['"c1"'],
  },
  {
    name: 'a group with a node’s id',
    input: () => changed('groups', [{ id: 'c1', name: 'Block' }]),
    code: 'E005',
    path: 'groups[0]',
  },
  {
    name: 'a node in a missing group',
    input: () => changed('nodes[1].group', 'ghost'),
    code: 'E009',
    path: 'nodes[1].group',
  },
  {
    name: 'groups nested in a loop',
    input: () =>
      changed('groups', [
        { id: 'a', name: 'A', parent: 'b' },
        { id: 'b', name: 'B', parent: 'a' },
        { id: 'under', name: 'Under', parent: 'a' },
      ]),
    code: 'E009',
    mentions: ['a → b → a'],
  },
  {
    name: 'an edge leaving an output port other than 0',
    input: () => changed('edges[0].source.port', 1),
    code: 'E006',
    path: 'edges[0].source.port',
  },
  {
    name: 'two edges into one input',
    input: () => changed('edges[1].target.node', 'c1'),
    code: 'E019',
    path: 'edges[1]',
  },
  // Absurd numbers.
  {
    name: 'a Conv2D with 10^9 filters',
    input: () => changed('nodes[2].params.filters', 1e9),
    code: 'E007',
    path: 'nodes[2].params.filters',
    mentions: ['between 1 and 65536', '1000000000'],
  },
  {
    name: 'a kernel of three sizes',
    input: () => changed('nodes[1].params.kernelSize', [3, 3, 3]),
    code: 'E007',
    path: 'nodes[1].params.kernelSize',
    mentions: ['2 entries', '[3, 3, 3]'],
  },
  {
    name: 'a setting Conv2D does not have',
    input: () => changed('nodes[1].params.units', 3),
    code: 'E007',
    path: 'nodes[1].params.units',
  },
  {
    name: 'a NaN position',
    input: () => changed('nodes[1].position.x', Number.NaN),
    code: 'E003',
    path: 'nodes[1].position.x',
    mentions: ['NaN'],
  },
  {
    name: 'an infinite position',
    input: () => changed('nodes[1].position.y', -Infinity),
    code: 'E003',
    path: 'nodes[1].position.y',
  },
  {
    name: 'a position of 1e308 in the text',
    input: () => serializeDocument(changed('nodes[1].position.y', 1e308) as GraphDocument),
    code: 'E003',
    path: 'nodes[1].position.y',
    mentions: ['limit'],
  },
  {
    name: 'a million nodes',
    input: () => changed('nodes', new Array<number>(1_000_000).fill(0)),
    code: 'E008',
    path: 'nodes',
    mentions: ['1,000,000'],
  },
  // Deep junk.
  {
    name: 'a param nested 100,000 levels deep',
    input: () =>
      withText(valid(), 'x', '0').replace('"filters":16', `"filters":${deep(100_000, '16')}`),
    code: 'E003',
    path: 'nodes[2].params.filters',
  },
  { name: 'a 1,000,000-deep array', input: () => deep(1_000_000), code: 'E002' },
  {
    name: 'a 1,000,000-deep array as the format',
    input: () => JSON.stringify(valid()).replace('"netwright.graph"', deep(1_000_000)),
    code: 'E002',
    path: 'format',
  },
  {
    name: 'a 1,000,000-deep array as the metadata',
    input: () => withText(valid(), 'metadata', deep(1_000_000)),
    code: 'E003',
    path: 'metadata',
  },
  // Not a document at all.
  { name: 'an empty file', input: () => '', code: 'E001' },
  { name: 'truncated JSON', input: () => JSON.stringify(valid()).slice(0, 100), code: 'E001' },
  { name: 'NaN in the text', input: () => '{"format": NaN}', code: 'E001' },
  { name: 'YAML', input: () => 'format: netwright.graph\nversion: 2\n', code: 'E001' },
  { name: 'a JSON array', input: () => '[]', code: 'E002', mentions: ['found []'] },
  { name: 'JSON null', input: () => 'null', code: 'E002' },
  {
    name: 'another program’s file',
    input: () => changed('format', 'keras'),
    code: 'E002',
    path: 'format',
  },
  {
    name: 'a future version',
    input: () => changed('version', CURRENT_VERSION + 1),
    code: 'E002',
    path: 'version',
    mentions: ['newer Netwright'],
  },
  { name: 'version 0', input: () => changed('version', 0), code: 'E002', path: 'version' },
  { name: 'version "2"', input: () => changed('version', '2'), code: 'E002', path: 'version' },
  { name: 'version 1.5', input: () => changed('version', 1.5), code: 'E002', path: 'version' },
];

describe('hostile documents are refused with coded problems', () => {
  for (const c of cases) {
    it(c.name, () => {
      const input = c.input();
      const problems = refusal(() =>
        typeof input === 'string' ? parseDocumentText(input) : parseDocument(input),
      );
      const match = problems.find((p) => p.code === c.code && (!c.path || p.path === c.path));
      expect(match, problems.map((p) => p.message).join('\n')).toBeDefined();
      if (c.path) expect(match?.message).toContain(c.path);
      for (const words of c.mentions ?? []) expect(match?.message).toContain(words);
    });
  }
});

describe('size limits', () => {
  afterEach(() => vi.restoreAllMocks());

  it('refuses a 50 MB file before parsing it', () => {
    const text = JSON.stringify(valid()).replace(/}$/, `,"pad":"${'x'.repeat(50 * 1024 * 1024)}"}`);
    const parse = vi.spyOn(JSON, 'parse');
    const problems = refusal(() => parseDocumentText(text));
    expect(problems.map((p) => p.code)).toEqual(['E008']);
    expect(problems[0]?.message).toContain('50.0 MB');
    expect(parse).not.toHaveBeenCalled();
  });

  it('lists at most 50 problems, however many there are', () => {
    const doc = valid();
    doc.edges = Array.from({ length: 500 }, (_, i) => ({
      id: `e${i}`,
      source: { node: 'ghost', port: 0 },
      target: { node: 'x', port: i },
    }));
    expect(refusal(() => parseDocument(doc))).toHaveLength(50);
  });
});

describe('prototype pollution', () => {
  const prototypeKeys = () => Object.getOwnPropertyNames(Object.prototype).sort();
  const texts: [string, string][] = [
    ['at the top level', '{"__proto__":{"polluted":true},' + JSON.stringify(valid()).slice(1)],
    [
      'in a node',
      JSON.stringify(valid()).replace('"id":"c1"', '"__proto__":{"polluted":true},"id":"c1"'),
    ],
    [
      'in params',
      JSON.stringify(valid()).replace('"filters":8', '"__proto__":{"polluted":true},"filters":8'),
    ],
    [
      'in params, as a list',
      JSON.stringify(valid()).replace('"filters":8', '"__proto__":[1,2],"filters":8'),
    ],
    [
      'as constructor.prototype',
      JSON.stringify(valid()).replace(
        '"title"',
        '"constructor":{"prototype":{"polluted":true}},"title"',
      ),
    ],
  ];
  for (const [where, text] of texts) {
    it(`a __proto__ key ${where} changes no prototype`, () => {
      const before = prototypeKeys();
      let loaded: GraphDocument | undefined;
      try {
        loaded = parseDocumentText(text);
      } catch (err) {
        expect(err).toBeInstanceOf(DocumentError);
      }
      expect(prototypeKeys()).toEqual(before);
      expect(({} as Json).polluted).toBeUndefined();
      for (const n of loaded?.nodes ?? []) {
        expect(Object.getPrototypeOf(n)).toBe(Object.prototype);
        expect(Object.getPrototypeOf(n.params)).toBe(Object.prototype);
        expect(Object.hasOwn(n.params, '__proto__')).toBe(false);
      }
    });
  }

  const inherited = ['constructor', 'toString', 'hasOwnProperty', '__defineGetter__'];
  for (const key of inherited) {
    it(`refuses a "${key}" param instead of finding Object.prototype's member`, () => {
      const problems = refusal(() => parseDocument(changed(`nodes[1].params.${key}`, 1)));
      expect(problems.map((p) => [p.code, p.path])).toEqual([['E007', `nodes[1].params.${key}`]]);
    });
  }

  it('accepts node ids that name Object.prototype members, and infers them', () => {
    const d = chain(
      ['constructor', 'Input', { kind: 'vector', shape: [4] }],
      ['toString', 'Dense', { units: 3, activation: 'softmax' }],
      ['hasOwnProperty', 'CategoricalCrossentropyLoss'],
    );
    const loaded = parseDocument(JSON.parse(serializeDocument(d)));
    const inference = inferGraph(loaded);
    expect(inference.problems).toEqual([]);
    const id: string = 'toString';
    expect(inference.nodes[id]?.outputShape).toEqual([null, 3]);
  });
});

describe('migration from version 1', () => {
  /** Written as the first preview saved it: title on top, edges as "node:port" strings. */
  const v1 = `{
    "format": "netwright.graph",
    "version": 1,
    "title": "MNIST classifier",
    "nodes": [
      { "id": "pixels", "type": "Input", "params": { "kind": "image", "shape": [28, 28, 1] }, "position": { "x": 0, "y": 0 } },
      { "id": "conv1", "type": "Conv2D", "params": { "filters": 6, "kernelSize": [5, 5], "activation": "relu" }, "position": { "x": 200, "y": 0 } },
      { "id": "flat", "type": "Flatten", "params": {}, "position": { "x": 400, "y": 0 } },
      { "id": "digits", "type": "Dense", "name": "Digit scores", "params": { "units": 10, "activation": "softmax" }, "position": { "x": 600, "y": 0 } },
      { "id": "xent", "type": "CategoricalCrossentropyLoss", "params": {}, "position": { "x": 800, "y": 0 } }
    ],
    "edges": [
      { "id": "e1", "from": "pixels:0", "to": "conv1:0" },
      { "id": "e2", "from": "conv1:0", "to": "flat:0" },
      { "id": "e3", "from": "flat", "to": "digits" },
      { "id": "e4", "from": "digits:0", "to": "xent:0" }
    ]
  }`;

  it('opens as the current version with the title moved and edges split', () => {
    const doc = parseDocumentText(v1);
    expect(doc.version).toBe(CURRENT_VERSION);
    expect(doc.metadata.title).toBe('MNIST classifier');
    expect(doc.groups).toEqual([]);
    expect(doc.edges).toEqual([
      { id: 'e1', source: { node: 'pixels', port: 0 }, target: { node: 'conv1', port: 0 } },
      { id: 'e2', source: { node: 'conv1', port: 0 }, target: { node: 'flat', port: 0 } },
      { id: 'e3', source: { node: 'flat', port: 0 }, target: { node: 'digits', port: 0 } },
      { id: 'e4', source: { node: 'digits', port: 0 }, target: { node: 'xent', port: 0 } },
    ]);
    expect(doc.nodes.find((n) => n.id === 'digits')?.name).toBe('Digit scores');
    // The migrated network is the one it was: 24×24×6 after the convolution.
    expect(inferGraph(doc).nodes.conv1?.outputShape).toEqual([null, 24, 24, 6]);
    expect(parseDocumentText(serializeDocument(doc))).toEqual(doc);
  });

  it('names the edge whose endpoint cannot be read', () => {
    const broken = v1.replace('"conv1:0", "to": "flat:0"', '"conv1:out", "to": "flat:0"');
    const problems = refusal(() => parseDocumentText(broken));
    expect(problems.map((p) => [p.code, p.path])).toEqual([['E003', 'edges[1].source.port']]);
    expect(problems[0]?.message).toContain('"out"');
  });

  it('still checks the migrated document: a v1 file with an unknown type is refused', () => {
    const problems = refusal(() => parseDocumentText(v1.replace('"Flatten"', '"Flat"')));
    expect(problems.map((p) => [p.code, p.path])).toEqual([['E004', 'nodes[2].type']]);
  });
});

describe('docs/document-format.md', () => {
  it('shows an example that loads, infers without problems and saves back to the same document', () => {
    const page = readFileSync(new URL('../../docs/document-format.md', import.meta.url), 'utf8');
    const example = /```json\n([\s\S]*?)```/.exec(page)?.[1] ?? '';
    const doc = parseDocumentText(example);
    expect(inferGraph(doc).problems).toEqual([]);
    expect(parseDocumentText(serializeDocument(doc))).toEqual(doc);
  });
});
