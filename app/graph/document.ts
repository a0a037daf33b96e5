/**
 * The graph document: Netwright's file format, undo unit, API payload and codegen input.
 * Types are inferred from the zod schema so the two can never disagree.
 */
import { z } from 'zod';
import { trainingConfigSchema } from './training.ts';

export const DOCUMENT_FORMAT = 'netwright.graph';
export const CURRENT_VERSION = 2;

/** Ids double as tfjs layer names and generated variable names, so they are kept code-safe. */
export const idPattern = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const id = z
  .string()
  .regex(idPattern, 'must start with a letter and hold only letters, digits and _ (at most 64)');

const coordinate = z.number().finite().min(-1e7).max(1e7);

export const paramValueSchema = z.union([
  z.number(),
  z.string().max(200),
  z.boolean(),
  z.array(z.number()).max(16),
]);
export type ParamValue = z.infer<typeof paramValueSchema>;

export const nodeSchema = z.object({
  id,
  type: z.string().min(1).max(64),
  /** What the user calls this node; the id is shown when absent. */
  name: z.string().max(200).optional(),
  params: z.record(z.string().max(64), paramValueSchema),
  position: z.object({ x: coordinate, y: coordinate }),
  group: id.optional(),
  /** Id of another node of the same type whose weights this node reuses (a Siamese twin). */
  shareWeightsWith: id.optional(),
});
export type GraphNode = z.infer<typeof nodeSchema>;

const endpoint = z.object({ node: id, port: z.number().int().min(0).max(1023) });

export const edgeSchema = z.object({ id, source: endpoint, target: endpoint });
export type GraphEdge = z.infer<typeof edgeSchema>;

export const groupSchema = z.object({
  id,
  name: z.string().min(1).max(200),
  collapsed: z.boolean().default(false),
  /** Groups nest: a stage of ResNet-50 holds its bottleneck blocks. */
  parent: id.optional(),
});
export type GraphGroup = z.infer<typeof groupSchema>;

export const metadataSchema = z.object({
  title: z.string().max(200).default('Untitled'),
  description: z.string().max(20_000).optional(),
  /** Where a template comes from, and the parameter count its reference reports. */
  reference: z
    .object({
      paper: z.string().max(1000).optional(),
      implementation: z.string().max(1000).optional(),
      params: z.number().int().nonnegative().optional(),
      /**
       * What `params` counts. PyTorch reports only trainable parameters (BatchNorm's running mean
       * and variance are buffers there), Keras counts every weight: 'all' when absent.
       */
      counts: z.enum(['all', 'trainable']).optional(),
    })
    .optional(),
  tags: z.array(z.string().max(64)).max(50).optional(),
});
export type GraphMetadata = z.infer<typeof metadataSchema>;

/** Size limits that keep a hostile file from hanging the app; far above any real network. */
export const documentLimits = {
  bytes: 20 * 1024 * 1024,
  nodes: 20_000,
  edges: 100_000,
  groups: 5_000,
} as const;

export const documentSchema = z.object({
  format: z.literal(DOCUMENT_FORMAT),
  version: z.literal(CURRENT_VERSION),
  metadata: metadataSchema.default({ title: 'Untitled' }),
  nodes: z.array(nodeSchema).max(documentLimits.nodes),
  edges: z.array(edgeSchema).max(documentLimits.edges),
  groups: z.array(groupSchema).max(documentLimits.groups).default([]),
  training: trainingConfigSchema.optional(),
});
export type GraphDocument = z.infer<typeof documentSchema>;

export function emptyDocument(title = 'Untitled'): GraphDocument {
  return {
    format: DOCUMENT_FORMAT,
    version: CURRENT_VERSION,
    metadata: { title },
    nodes: [],
    edges: [],
    groups: [],
  };
}
