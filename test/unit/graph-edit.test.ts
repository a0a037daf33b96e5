/**
 * The pure edit operations, as tables: what each does to a small document, what it refuses and
 * with which code. Every input document is deep-frozen, so an edit that mutated it would throw,
 * and every output must pass the loader, so no edit can produce a file that will not reopen.
 */
import { describe, expect, it } from 'vitest';
import type { GraphDocument, ParamValue } from '../../app/graph/document.ts';
import {
  addNode,
  connect,
  disconnect,
  duplicateNodes,
  groupNodes,
  moveNodes,
  removeNodes,
  rename,
  setGroupCollapsed,
  setShareWeights,
  ungroup,
  updateParams,
} from '../../app/graph/edit.ts';
import type { EditResult } from '../../app/graph/edit.ts';
import type { ProblemCode } from '../../app/graph/errors.ts';
import { inferGraph } from '../../app/graph/infer.ts';
import { parseDocument } from '../../app/graph/load.ts';
import { doc, edge, node } from '../helpers/docs.ts';
import { inputNode } from '../helpers/examples.ts';
import { branchy } from '../helpers/networks.ts';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * x (4 features) → d1 → loss, d1 → sum:0; d2 unconnected; twin borrows d1's weights.
 * Groups: outer ⊃ inner; d1 and d2 in inner, sum in outer.
 */
function base(): GraphDocument {
  return deepFreeze({
    ...doc(
      [
        inputNode('x', [4]),
        node('d1', 'Dense', { units: 8 }, { group: 'inner' }),
        node('d2', 'Dense', { units: 8 }, { group: 'inner', name: 'Spare' }),
        node('sum', 'Add', {}, { group: 'outer' }),
        node('twin', 'Dense', { units: 8 }, { shareWeightsWith: 'd1' }),
        node('loss', 'MeanSquaredErrorLoss'),
      ],
      [edge('x', 'd1'), edge('d1', 'loss'), edge('d1', 'sum', 0)],
    ),
    groups: [
      { id: 'outer', name: 'Outer', collapsed: false },
      { id: 'inner', name: 'Inner', collapsed: true, parent: 'outer' },
    ],
  });
}

/** The edited document, after checking that the edit succeeded and that the result loads. */
function accepted(result: EditResult<object>): GraphDocument {
  if (!result.ok) throw new Error(`refused: ${result.error.message}`);
  const saved: unknown = JSON.parse(JSON.stringify(result.doc));
  expect(parseDocument(saved)).toEqual(saved);
  return deepFreeze(result.doc);
}

function expectRefused(result: EditResult<object>, code: ProblemCode, words: string): void {
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.error.code).toBe(code);
  expect(result.error.message).toMatch(new RegExp(`^${code} [A-Z"]`));
  expect(result.error.message).toContain(words);
}

const nodeOf = (d: GraphDocument, id: string) => d.nodes.find((n) => n.id === id);

describe('addNode', () => {
  const existing = doc(
    [node('conv2d_1', 'Conv2D'), node('conv2d_7', 'Conv2D'), node('x', 'Input')],
    [{ id: 'dense_1', source: { node: 'x', port: 0 }, target: { node: 'conv2d_1', port: 0 } }],
  );
  const ids: [string, GraphDocument, string, string][] = [
    ['first of its type', base(), 'Conv2D', 'conv2d_1'],
    ['one past the highest number in use', existing, 'Conv2D', 'conv2d_8'],
    ['camel case split into words', base(), 'BinaryCrossentropyLoss', 'binary_crossentropy_loss_1'],
    ['skipping an id an edge already holds', existing, 'Dense', 'dense_2'],
  ];
  for (const [name, start, type, id] of ids) {
    it(`names a new ${type}: ${name}`, () => {
      const result = addNode(deepFreeze(start), type, { x: 10, y: 20 });
      expect(result.ok && result.id).toBe(id);
      if (result.ok) expect(result.doc.nodes.at(-1)?.position).toEqual({ x: 10, y: 20 });
    });
  }

  it('starts with the catalog defaults (Conv2D: 32 filters of 3×3, valid, linear)', () => {
    const d = accepted(addNode(base(), 'Conv2D', { x: 0, y: 0 }));
    expect(nodeOf(d, 'conv2d_1')?.params).toMatchObject({
      filters: 32,
      kernelSize: [3, 3],
      strides: [1, 1],
      padding: 'valid',
      activation: 'linear',
    });
  });

  it('takes a name, a group and settings', () => {
    const d = accepted(
      addNode(
        base(),
        'Dense',
        { x: 0, y: 0 },
        { name: ' Head ', group: 'inner', params: { units: 3 } },
      ),
    );
    expect(nodeOf(d, 'dense_1')).toMatchObject({
      name: 'Head',
      group: 'inner',
      params: { units: 3 },
    });
  });

  const refusals: [string, Parameters<typeof addNode>, ProblemCode, string][] = [
    ['an unknown type', [base(), 'Conv9D', { x: 0, y: 0 }], 'E004', 'Conv9D'],
    ['a missing group', [base(), 'Dense', { x: 0, y: 0 }, { group: 'nope' }], 'E009', 'nope'],
    ['zero units', [base(), 'Dense', { x: 0, y: 0 }, { params: { units: 0 } }], 'E007', 'Units'],
    [
      'a setting it does not have',
      [base(), 'Dense', { x: 0, y: 0 }, { params: { filters: 3 } }],
      'E007',
      'filters',
    ],
    ['a NaN position', [base(), 'Dense', { x: Number.NaN, y: 0 }], 'E003', 'finite'],
  ];
  for (const [name, args, code, words] of refusals) {
    it(`refuses ${name}`, () => expectRefused(addNode(...args), code, words));
  }
});

describe('connect', () => {
  const ok: [string, string, string, number | undefined, number][] = [
    ['an input into a free layer', 'x', 'd2', undefined, 0],
    ['into a merge, on its next free port', 'd2', 'sum', undefined, 1],
    ['into a merge, on a chosen port', 'd2', 'sum', 5, 5],
    ['the same source twice into a merge (x + x)', 'd1', 'sum', undefined, 1],
  ];
  for (const [name, source, target, port, expected] of ok) {
    it(`wires ${name}`, () => {
      const result = connect(base(), source, target, port);
      const d = accepted(result);
      const added = d.edges.find((e) => e.id === (result.ok ? result.edgeId : ''));
      expect(added).toEqual({
        id: result.ok ? result.edgeId : '',
        source: { node: source, port: 0 },
        target: { node: target, port: expected },
      });
      expect(d.edges).toHaveLength(base().edges.length + 1);
    });
  }

  const refused: [string, string, string, number | undefined, ProblemCode, string][] = [
    ['an unknown source', 'ghost', 'd2', undefined, 'E006', 'ghost'],
    ['an unknown target', 'x', 'ghost', undefined, 'E006', 'ghost'],
    ['a node into itself', 'd2', 'd2', undefined, 'E010', 'cannot feed itself'],
    ['a loss feeding on', 'loss', 'd2', undefined, 'E021', 'cannot feed d2'],
    ['anything into an Input', 'd2', 'x', undefined, 'E019', 'Input takes no inputs'],
    ['a second input into a Dense', 'x', 'd1', undefined, 'E019', 'its input is already connected'],
    ['a taken merge port', 'd2', 'sum', 0, 'E019', 'Input 0 of sum is already connected'],
    ['a Dense port that does not exist', 'x', 'd2', 1, 'E019', 'no port 1'],
    ['a fractional port', 'd2', 'sum', 1.5, 'E019', 'no port 1.5'],
    ['an edge that closes a loop', 'sum', 'twin', undefined, 'E010', 'close a loop'],
  ];
  // Closing a loop needs a path back: twin → d2 → sum exists only after these two edges.
  const withPath = (d: GraphDocument) => {
    const a = connect(d, 'twin', 'd2');
    if (!a.ok) throw new Error(a.error.message);
    const b = connect(a.doc, 'd2', 'sum');
    if (!b.ok) throw new Error(b.error.message);
    return deepFreeze(b.doc);
  };
  for (const [name, source, target, port, code, words] of refused) {
    it(`refuses ${name}`, () => {
      const start = code === 'E010' && source !== target ? withPath(base()) : base();
      expectRefused(connect(start, source, target, port), code, words);
    });
  }
});

describe('disconnect and removeNodes', () => {
  it('removes one edge', () => {
    const d = accepted(disconnect(base(), 'e_d1_loss_0'));
    expect(d.edges.map((e) => e.id)).toEqual(['e_x_d1_0', 'e_d1_sum_0']);
  });
  it('refuses an unknown edge', () => {
    expectRefused(disconnect(base(), 'nope'), 'E006', 'nope');
  });

  it('removes nodes with every edge that touches them, and frees their borrowers', () => {
    const d = accepted(removeNodes(base(), ['d1', 'loss']));
    expect(d.nodes.map((n) => n.id)).toEqual(['x', 'd2', 'sum', 'twin']);
    expect(d.edges).toEqual([]);
    expect(nodeOf(d, 'twin')).not.toHaveProperty('shareWeightsWith');
  });

  it('returns the very same document when none of the ids exist', () => {
    const start = base();
    const result = removeNodes(start, ['ghost']);
    expect(result.ok && result.doc).toBe(start);
  });
});

describe('updateParams', () => {
  it('changes a setting and puts another back to its default', () => {
    const start = accepted(updateParams(base(), 'd2', { activation: 'relu' }));
    const d = accepted(updateParams(start, 'd2', { units: 3, activation: undefined }));
    expect(nodeOf(d, 'd2')?.params).toEqual({ units: 3 });
  });

  it('changes a weight owner and every node that borrows from it together', () => {
    const d = accepted(updateParams(base(), 'twin', { units: 5 }));
    expect(nodeOf(d, 'd1')?.params.units).toBe(5);
    expect(nodeOf(d, 'twin')?.params.units).toBe(5);
    expect(nodeOf(d, 'd2')?.params.units).toBe(8);
  });

  const refused: [string, Record<string, ParamValue | undefined>, string][] = [
    ['a billion units', { units: 1e9 }, 'between 1 and 1000000'],
    ['a fraction of a unit', { units: 2.5 }, 'whole number'],
    ['text for a number', { units: 'many' }, '"many"'],
    ['an unknown activation', { activation: 'wiggle' }, 'must be one of'],
    ['a parameter Dense does not have', { filters: 3 }, 'no parameter "filters"'],
    ['a key from Object.prototype', { constructor: 1 }, 'no parameter "constructor"'],
    ['resetting a parameter Dense does not have', { kernelSize: undefined }, 'kernelSize'],
  ];
  for (const [name, patch, words] of refused) {
    it(`refuses ${name}, even beside a valid setting`, () => {
      const result = updateParams(base(), 'd2', { units: 4, ...patch });
      expectRefused(result, 'E007', words);
    });
  }
  it('refuses an unknown node', () => {
    expectRefused(updateParams(base(), 'ghost', { units: 3 }), 'E006', 'ghost');
  });
});

describe('moveNodes', () => {
  it('moves the named nodes from a record or a map', () => {
    for (const positions of [{ d1: { x: 5, y: 6 } }, new Map([['d1', { x: 5, y: 6 }]])]) {
      const d = accepted(moveNodes(base(), positions));
      expect(nodeOf(d, 'd1')?.position).toEqual({ x: 5, y: 6 });
      expect(nodeOf(d, 'd2')?.position).toEqual({ x: 0, y: 0 });
    }
  });
  it('pulls a node dragged absurdly far back to the edge of the canvas', () => {
    const d = accepted(moveNodes(base(), { d1: { x: 1e12, y: -1e12 } }));
    expect(nodeOf(d, 'd1')?.position).toEqual({ x: 1e7, y: -1e7 });
  });
  it('refuses a NaN or infinite position', () => {
    expectRefused(moveNodes(base(), { d1: { x: Number.NaN, y: 0 } }), 'E003', 'd1');
    expectRefused(moveNodes(base(), { d1: { x: 0, y: Infinity } }), 'E003', 'd1');
  });
  it('returns the very same document when nothing moves', () => {
    const start = base();
    const result = moveNodes(start, { d1: { x: 0, y: 0 }, ghost: { x: 9, y: 9 } });
    expect(result.ok && result.doc).toBe(start);
  });
});

describe('groups', () => {
  const grouping: [string, string[], string | undefined][] = [
    ['nodes of one group nest inside it', ['d1', 'd2'], 'inner'],
    ['nodes of a group and its parent nest in the parent', ['d1', 'sum'], 'outer'],
    ['a grouped and an ungrouped node go to the top level', ['d1', 'x'], undefined],
  ];
  for (const [name, ids, parent] of grouping) {
    it(`groupNodes: ${name}`, () => {
      const result = groupNodes(base(), ids, '  Block  ');
      const d = accepted(result);
      const groupId = result.ok ? result.groupId : '';
      expect(groupId).toBe('group_1');
      expect(d.groups.at(-1)).toEqual({
        id: 'group_1',
        name: 'Block',
        collapsed: false,
        ...(parent ? { parent } : {}),
      });
      for (const id of ids) expect(nodeOf(d, id)?.group).toBe('group_1');
    });
  }

  const refused: [string, string[], string, ProblemCode][] = [
    ['an empty selection', [], 'Block', 'E003'],
    ['an unknown node', ['d1', 'ghost'], 'Block', 'E006'],
    ['an empty name', ['d1'], '   ', 'E003'],
    ['a name of 201 characters', ['d1'], 'x'.repeat(201), 'E003'],
  ];
  for (const [name, ids, groupName, code] of refused) {
    it(`groupNodes refuses ${name}`, () => {
      const result = groupNodes(base(), ids, groupName);
      expect(result.ok ? 'accepted' : result.error.code).toBe(code);
    });
  }

  it('ungroup moves nodes and sub-groups up to the parent', () => {
    const d = accepted(ungroup(base(), 'outer'));
    expect(d.groups).toEqual([{ id: 'inner', name: 'Inner', collapsed: true }]);
    expect(nodeOf(d, 'sum')).not.toHaveProperty('group');
    expect(nodeOf(d, 'd1')?.group).toBe('inner');
    const d2 = accepted(ungroup(base(), 'inner'));
    expect(nodeOf(d2, 'd1')?.group).toBe('outer');
  });

  it('collapses and expands, and refuses unknown groups', () => {
    const d = accepted(setGroupCollapsed(base(), 'outer', true));
    expect(d.groups.find((g) => g.id === 'outer')?.collapsed).toBe(true);
    const start = base();
    const same = setGroupCollapsed(start, 'inner', true);
    expect(same.ok && same.doc).toBe(start);
    expectRefused(setGroupCollapsed(base(), 'ghost', true), 'E009', 'ghost');
    expectRefused(ungroup(base(), 'ghost'), 'E009', 'ghost');
  });
});

describe('rename', () => {
  const cases: [string, string, string, (d: GraphDocument) => unknown, unknown][] = [
    ['names a node', 'd1', '  Encoder ', (d) => nodeOf(d, 'd1')?.name, 'Encoder'],
    [
      'clears a node name with an empty one',
      'd2',
      '',
      (d) => 'name' in (nodeOf(d, 'd2') ?? {}),
      false,
    ],
    [
      'names a group',
      'inner',
      'Bottleneck',
      (d) => d.groups.find((g) => g.id === 'inner')?.name,
      'Bottleneck',
    ],
  ];
  for (const [name, id, newName, read, expected] of cases) {
    it(name, () => expect(read(accepted(rename(base(), id, newName)))).toEqual(expected));
  }
  const refused: [string, string, string, ProblemCode][] = [
    ['an empty group name', 'outer', ' ', 'E003'],
    ['a name of 201 characters', 'd1', 'x'.repeat(201), 'E003'],
    ['an unknown id', 'ghost', 'Name', 'E006'],
  ];
  for (const [name, id, newName, code] of refused) {
    it(`refuses ${name}`, () => {
      const result = rename(base(), id, newName);
      expect(result.ok ? 'accepted' : result.error.code).toBe(code);
    });
  }
});

describe('setShareWeights', () => {
  it('makes a node borrow weights and take its owner’s settings', () => {
    const start = accepted(updateParams(base(), 'd2', { units: 3, activation: 'tanh' }));
    const d = accepted(setShareWeights(start, 'd2', 'd1'));
    expect(nodeOf(d, 'd2')).toMatchObject({ shareWeightsWith: 'd1', params: { units: 8 } });
    expect(nodeOf(d, 'd2')?.params).not.toHaveProperty('activation');
  });
  it('stops borrowing with undefined', () => {
    const d = accepted(setShareWeights(base(), 'twin', undefined));
    expect(nodeOf(d, 'twin')).not.toHaveProperty('shareWeightsWith');
  });

  const withConv = deepFreeze({
    ...base(),
    nodes: [...base().nodes, node('conv', 'Conv2D')],
  });
  const refused: [string, GraphDocument, string, string, ProblemCode, string][] = [
    ['an unknown owner', base(), 'd2', 'ghost', 'E006', 'ghost'],
    ['itself', base(), 'd2', 'd2', 'E020', 'itself'],
    [
      'a layer of another type',
      withConv,
      'conv',
      'd1',
      'E020',
      'conv is a Conv2D and d1 is a Dense',
    ],
    ['a layer without weights', base(), 'sum', 'sum', 'E020', 'itself'],
    [
      'an owner that borrows itself',
      base(),
      'd2',
      'twin',
      'E020',
      'twin itself borrows weights from d1',
    ],
    [
      'when others borrow from the node',
      base(),
      'd1',
      'd2',
      'E020',
      'twin already borrows weights from d1',
    ],
  ];
  for (const [name, start, id, owner, code, words] of refused) {
    it(`refuses ${name}`, () => expectRefused(setShareWeights(start, id, owner), code, words));
  }
});

describe('duplicateNodes', () => {
  it('copies nodes with the edges among them, shifted by the offset', () => {
    const result = duplicateNodes(branchy(), ['b1', 'b3', 'cat'], { x: 40, y: 30 });
    const d = accepted(result);
    const ids = result.ok ? result.ids : [];
    expect(ids).toEqual(['conv2d_1', 'conv2d_2', 'concatenate_1']);
    const copies = ids.map((id) => nodeOf(d, id));
    expect(copies.map((n) => n?.type)).toEqual(['Conv2D', 'Conv2D', 'Concatenate']);
    expect(copies[0]?.params).toEqual(nodeOf(branchy(), 'b1')?.params);
    const original = nodeOf(branchy(), 'b1')?.position ?? { x: NaN, y: NaN };
    expect(copies[0]?.position).toEqual({ x: original.x + 40, y: original.y + 30 });
    expect(copies[0]?.group).toBe('inception');
    const added = d.edges.slice(branchy().edges.length);
    expect(added.map((e) => [e.source.node, e.target.node, e.target.port])).toEqual([
      ['conv2d_1', 'concatenate_1', 0],
      ['conv2d_2', 'concatenate_1', 1],
    ]);
  });

  it('points a copied borrower at the copied owner, or at the original owner', () => {
    const both = duplicateNodes(base(), ['d1', 'twin'], { x: 0, y: 0 });
    const d = accepted(both);
    expect(nodeOf(d, 'dense_2')?.shareWeightsWith).toBe('dense_1');
    const alone = accepted(duplicateNodes(base(), ['twin'], { x: 0, y: 0 }));
    expect(nodeOf(alone, 'dense_1')?.shareWeightsWith).toBe('d1');
  });

  it('keeps the copies inferable: the duplicated inception branches get shapes', () => {
    const d = accepted(duplicateNodes(branchy(), ['b1'], { x: 0, y: 0 }));
    const wired = connect(d, 'img', 'conv2d_1');
    expect(wired.ok && inferGraph(wired.doc).nodes.conv2d_1?.outputShape).toEqual([
      null,
      16,
      16,
      4,
    ]);
  });

  it('refuses a NaN offset and ignores unknown ids', () => {
    expectRefused(duplicateNodes(base(), ['d1'], { x: Number.NaN, y: 0 }), 'E003', 'finite');
    const start = base();
    const result = duplicateNodes(start, ['ghost'], { x: 1, y: 1 });
    expect(result.ok && result.doc).toBe(start);
  });
});

describe('an edit that changes nothing returns the very same document', () => {
  const noOps: [string, (d: GraphDocument) => EditResult<object>][] = [
    ['removing ids that are not there', (d) => removeNodes(d, ['ghost'])],
    ['moving a node to where it is', (d) => moveNodes(d, { d1: { x: 0, y: 0 } })],
    ['setting a param to its value', (d) => updateParams(d, 'd1', { units: 8 })],
    ['an empty patch', (d) => updateParams(d, 'd1', {})],
    [
      'resetting a param that is already absent',
      (d) => updateParams(d, 'd1', { useBias: undefined }),
    ],
    ['renaming a node to its name', (d) => rename(d, 'd2', ' Spare ')],
    ['clearing a name that is not set', (d) => rename(d, 'd1', '')],
    ['renaming a group to its name', (d) => rename(d, 'outer', 'Outer')],
    ['collapsing a collapsed group', (d) => setGroupCollapsed(d, 'inner', true)],
    ['unsharing a node that owns its weights', (d) => setShareWeights(d, 'd2', undefined)],
    ['duplicating nothing', (d) => duplicateNodes(d, [], { x: 5, y: 5 })],
  ];
  for (const [name, op] of noOps) {
    it(name, () => {
      const start = base();
      const result = op(start);
      expect(result.ok && result.doc).toBe(start);
    });
  }
});
