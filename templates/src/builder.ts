/**
 * A small builder for template documents: add nodes with readable ids, wire them as they are
 * added, open and close named groups, share weights, and get a laid-out document at the end.
 *
 * Layout: rows are the longest path from an input (so a merge sits below its longest branch and
 * parallel branches start on the same row); columns are lanes that a node inherits from its first
 * input unless the generator picks one, which is how branches are put side by side. Generators
 * choose lanes, the builder checks that no two nodes land on one spot; layout.ts turns rows and
 * lanes into positions with room for the groups' frames.
 */
import { CURRENT_VERSION, DOCUMENT_FORMAT, idPattern } from '../../app/graph/document.ts';
import type {
  GraphDocument,
  GraphEdge,
  GraphGroup,
  GraphMetadata,
  GraphNode,
  ParamValue,
} from '../../app/graph/document.ts';
import { placeSlots } from './layout.ts';

export type Params = Record<string, ParamValue>;

export interface NodeOptions {
  /** Column of the node; by default the lane of its first input (or the mean, for a merge). */
  lane?: number;
  /** A node of the same type whose weights this node reuses. */
  shareWeightsWith?: string;
  name?: string;
}

interface PendingNode {
  node: GraphNode;
  lane: number;
  row: number;
}

export class TemplateBuilder {
  private readonly nodes: PendingNode[] = [];
  private readonly byId = new Map<string, PendingNode>();
  private readonly edges: GraphEdge[] = [];
  private readonly groups: GraphGroup[] = [];
  private readonly openGroups: string[] = [];

  constructor(private readonly metadata: GraphMetadata) {}

  /**
   * Adds a node fed by `inputs` (in port order) and returns its id, so chains read top to bottom:
   * `x = b.add('conv1', 'Conv2D', {...}, x)`.
   */
  add(
    id: string,
    type: string,
    params: Params,
    inputs: string | readonly string[] = [],
    options: NodeOptions = {},
  ): string {
    if (!idPattern.test(id)) throw new Error(`Template node id "${id}" is not a valid id`);
    if (this.byId.has(id) || this.groups.some((g) => g.id === id)) {
      throw new Error(`Template id "${id}" is used twice`);
    }
    const sources = typeof inputs === 'string' ? [inputs] : inputs;
    const upstream = sources.map((s) => {
      const found = this.byId.get(s);
      if (!found) throw new Error(`Node "${id}" is fed by "${s}", which is not added yet`);
      return found;
    });
    const row = upstream.length === 0 ? 0 : Math.max(...upstream.map((u) => u.row)) + 1;
    const lane =
      options.lane ??
      (upstream.length === 0 ? 0 : upstream.reduce((n, u) => n + u.lane, 0) / upstream.length);
    // Keys in the schema's order, so the written files read the same way as documents the app saves.
    const node: GraphNode = {
      id,
      type,
      ...(options.name === undefined ? {} : { name: options.name }),
      params,
      position: { x: 0, y: 0 },
    };
    const group = this.openGroups.at(-1);
    if (group !== undefined) node.group = group;
    if (options.shareWeightsWith !== undefined) node.shareWeightsWith = options.shareWeightsWith;
    const pending = { node, lane, row };
    this.nodes.push(pending);
    this.byId.set(id, pending);
    sources.forEach((source, port) => {
      this.edges.push({
        id: `e${this.edges.length + 1}`,
        source: { node: source, port: 0 },
        target: { node: id, port },
      });
    });
    return id;
  }

  /** Runs `body` with a group open: every node it adds (and every group it opens) sits inside. */
  group<T>(id: string, name: string, body: () => T): T {
    if (!idPattern.test(id)) throw new Error(`Template group id "${id}" is not a valid id`);
    if (this.byId.has(id) || this.groups.some((g) => g.id === id)) {
      throw new Error(`Template id "${id}" is used twice`);
    }
    const group: GraphGroup = { id, name, collapsed: false };
    const parent = this.openGroups.at(-1);
    if (parent !== undefined) group.parent = parent;
    this.groups.push(group);
    this.openGroups.push(id);
    try {
      return body();
    } finally {
      this.openGroups.pop();
    }
  }

  build(): GraphDocument {
    if (this.openGroups.length > 0) throw new Error('A group is still open');
    const taken = new Map<number, PendingNode[]>();
    for (const pending of this.nodes) {
      const sameRow = taken.get(pending.row) ?? [];
      const clash = sameRow.find((other) => Math.abs(other.lane - pending.lane) < 1);
      if (clash) {
        throw new Error(
          `Nodes "${clash.node.id}" and "${pending.node.id}" overlap on row ${pending.row}; give one of them another lane`,
        );
      }
      sameRow.push(pending);
      taken.set(pending.row, sameRow);
    }
    const positions = placeSlots(
      this.nodes.map(({ node, lane, row }) => ({
        id: node.id,
        ...(node.group === undefined ? {} : { group: node.group }),
        lane,
        row,
      })),
      this.groups,
      this.edges.map((e) => ({ source: e.source.node, target: e.target.node })),
    );
    for (const { node } of this.nodes) node.position = positions.get(node.id) ?? node.position;
    return {
      format: DOCUMENT_FORMAT,
      version: CURRENT_VERSION,
      metadata: this.metadata,
      nodes: this.nodes.map((n) => n.node),
      edges: this.edges,
      groups: this.groups,
    };
  }
}
