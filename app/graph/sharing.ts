/**
 * Weight sharing (a Siamese twin): a node that names an owner applies the owner's very layer
 * objects, so the compiler builds it from the owner's settings. For the canvas to show what will
 * be built, both nodes must agree on type, settings and incoming shape; this says where they don't.
 */
import { withDefaults } from '../layers/params.ts';
import { formatShape, sameShape } from '../layers/shape.ts';
import type { LayerSpec } from '../layers/spec.ts';
import type { GraphNode } from './document.ts';
import { problem } from './errors.ts';
import type { Problem } from './errors.ts';
import { describeValue } from './schema-problems.ts';

/** The shapes inference found, by node id; only input shapes are read here. */
type InputShapes = Record<string, { inputShapes: readonly (readonly (number | null)[] | null)[] }>;

export function checkSharing(
  node: GraphNode,
  owner: GraphNode | undefined,
  spec: LayerSpec,
  inferred: InputShapes,
): Problem | null {
  if (!owner) return null; // the loader reports a missing owner (E006)
  const at = { node: node.id };
  if (owner.id === node.id) {
    return problem('E020', `${spec.label} "${node.id}" cannot share weights with itself.`, at);
  }
  if (!spec.weighted) {
    return problem('E020', `${spec.label} has no weights to share.`, at);
  }
  if (owner.type !== node.type) {
    return problem(
      'E020',
      `Only layers of one type can share weights, but this is a ${node.type} and ${owner.id} is a ${owner.type}.`,
      at,
    );
  }
  if (owner.shareWeightsWith !== undefined) {
    return problem(
      'E020',
      `Node ${owner.id} itself borrows weights from ${owner.shareWeightsWith}; share with that node instead.`,
      at,
    );
  }
  const differing = firstDifference(spec, node, owner);
  if (differing) {
    return problem(
      'E020',
      `Shared weights need identical settings, but ${differing.label} is ${differing.mine} here and ${differing.theirs} at ${owner.id}.`,
      at,
    );
  }
  const mine = inferred[node.id]?.inputShapes[0];
  const theirs = inferred[owner.id]?.inputShapes[0];
  if (mine && theirs && !sameShape(mine, theirs)) {
    return problem(
      'E020',
      `Shared weights need the same input shape, but this node gets ${formatShape(mine)} and ${owner.id} gets ${formatShape(theirs)}.`,
      at,
    );
  }
  return null;
}

/** The first setting on which two nodes of one type disagree (defaults filled in). */
export function firstDifference(
  spec: LayerSpec,
  a: GraphNode,
  b: GraphNode,
): { label: string; mine: string; theirs: string } | null {
  const pa = withDefaults(spec.params, a.params) as Record<string, unknown>;
  const pb = withDefaults(spec.params, b.params) as Record<string, unknown>;
  for (const [key, def] of Object.entries(spec.params)) {
    if (!sameValue(pa[key], pb[key])) {
      return {
        label: def.label.toLowerCase(),
        mine: describeValue(pa[key]),
        theirs: describeValue(pb[key]),
      };
    }
  }
  return null;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v, i) => v === b[i]);
  }
  return a === b;
}
