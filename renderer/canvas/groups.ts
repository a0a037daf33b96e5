/**
 * How groups (named blocks) appear on the canvas. Groups nest through `parent`; a node belongs to
 * its innermost group and so to every group above it. A collapsed group stands in for all its
 * nodes; when groups nest, the outermost collapsed one wins.
 */
import type { GraphDocument, GraphGroup } from '../../app/graph/document.ts';

export interface GroupIndex {
  byId: ReadonlyMap<string, GraphGroup>;
  /** Groups from the node's innermost group outwards. */
  chainOf(groupId: string | undefined): readonly string[];
  /** The collapsed group that hides this node, or null when the node is visible. */
  collapsedOwner(groupId: string | undefined): string | null;
  /** Every node id inside the group, nested groups included. */
  members(groupId: string): readonly string[];
  /** Nesting depth: 0 for a top-level group. */
  depth(groupId: string): number;
}

export function indexGroups(doc: GraphDocument): GroupIndex {
  const byId = new Map(doc.groups.map((g) => [g.id, g]));
  const chains = new Map<string, string[]>();
  const chainOf = (groupId: string | undefined): string[] => {
    if (groupId === undefined || !byId.has(groupId)) return [];
    const known = chains.get(groupId);
    if (known) return known;
    const chain: string[] = [];
    const seen = new Set<string>();
    let at: string | undefined = groupId;
    // The loader refuses cyclic nesting; `seen` only guards against a hand-built document.
    while (at !== undefined && byId.has(at) && !seen.has(at)) {
      chain.push(at);
      seen.add(at);
      at = byId.get(at)?.parent;
    }
    chains.set(groupId, chain);
    return chain;
  };
  const members = new Map<string, string[]>();
  for (const node of doc.nodes) {
    for (const g of chainOf(node.group)) {
      const list = members.get(g);
      if (list) list.push(node.id);
      else members.set(g, [node.id]);
    }
  }
  return {
    byId,
    chainOf,
    collapsedOwner(groupId) {
      let owner: string | null = null;
      for (const g of chainOf(groupId)) if (byId.get(g)?.collapsed) owner = g;
      return owner;
    },
    members: (groupId) => members.get(groupId) ?? [],
    depth: (groupId) => Math.max(0, chainOf(groupId).length - 1),
  };
}
