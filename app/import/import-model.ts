/**
 * A Keras model JSON or a TensorFlow.js model.json → an editable graph document, laid out.
 *
 * Each layer application becomes a node of the catalog entry whose `fromKeras` names its class;
 * a layer applied again becomes a node that shares the first one's weights. Node ids are the
 * layer names (made id-safe where needed, with the original kept as the node's name), so a
 * model's weights, keyed by layer name, load into the imported graph as they are.
 *
 * Nothing is dropped or replaced silently: a layer the catalog does not know is an E004 naming
 * the layer and its class, a setting the catalog cannot express an E007, and every problem in
 * the file is listed at once. Settings that only shape training from scratch come back as notes.
 */
import { CURRENT_VERSION, DOCUMENT_FORMAT, idPattern } from '../graph/document.ts';
import type { GraphDocument, GraphEdge, GraphNode } from '../graph/document.ts';
import { DocumentError, problem } from '../graph/errors.ts';
import type { Problem } from '../graph/errors.ts';
import { inferGraph } from '../graph/infer.ts';
import { withLayeredLayout } from '../graph/layout.ts';
import { checkReferences, paramProblem } from '../graph/load.ts';
import { trainingConfigSchema } from '../graph/training.ts';
import { KerasConfigError, KerasReader } from '../layers/keras.ts';
import type { LayerSpec } from '../layers/spec.ts';
import { nestedModelClasses, specForKerasClass } from './classes.ts';
import { foldTfjsExpansions } from './fold.ts';
import { parseModelFile } from './model-file.ts';
import type { ModelFile } from './model-file.ts';
import { refKey, readTopology } from './topology.ts';
import type { LayerApplication, LayerRecord } from './topology.ts';
import { outputLosses, trainingFrom } from './training-config.ts';

export interface ImportedModel {
  doc: GraphDocument;
  /** Settings left out, one sentence each (shown to the user after an import). */
  notes: string[];
  /** Node id of each layer name that became a node; weights are renamed by it. */
  nodeIdOfLayer: ReadonlyMap<string, string>;
  file: ModelFile;
}

/** Throws DocumentError listing every coded problem. */
export function importModelText(text: string, title?: string): ImportedModel {
  return importModelFile(parseModelFile(text), title);
}

export function importModelFile(file: ModelFile, title?: string): ImportedModel {
  const topology = foldTfjsExpansions(readTopology(file.topology));
  const notes: string[] = [];
  const problems: Problem[] = [];
  const ids = new IdAllocator();

  // One reading per layer, however often it is applied.
  const layers = new Map<
    string,
    { spec: LayerSpec; id: string; params: Record<string, ParamValue>; claims: number[] } | null
  >();
  const readLayer = (layer: LayerRecord) => {
    if (layers.has(layer.name)) return layers.get(layer.name) ?? null;
    const read = readOne(layer, ids, topology.overrides.get(layer.name), notes, problems);
    layers.set(layer.name, read);
    return read;
  };

  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const nodeOf = new Map<string, string>();
  const nodeIdOfLayer = new Map<string, string>();
  for (const app of topology.applications) {
    const read = readLayer(app.layer);
    if (!read) continue;
    const first = app === firstApplication(topology.applications, app.layer.name);
    const id = first ? read.id : ids.take(`${read.id}_${app.node + 1}`);
    if (first) nodeIdOfLayer.set(app.layer.name, id);
    // A twin repeats its owner's settings (sharing needs them equal); an unweighted layer applied
    // twice is simply two nodes.
    nodes.push({
      id,
      type: read.spec.type,
      ...(first && id !== app.layer.name ? { name: app.layer.name } : {}),
      params: { ...read.params },
      position: { x: 0, y: 0 },
      ...(!first && read.spec.weighted ? { shareWeightsWith: read.id } : {}),
    });
    nodeOf.set(refKey({ layer: app.layer.name, node: app.node }), id);
    app.inputs.forEach((ref, port) => {
      const source = nodeOf.get(refKey(ref));
      if (source !== undefined) edges.push(edgeFrom(source, id, port, edges.length));
    });
  }
  if (problems.length > 0) throw new DocumentError(problems);

  const outputs = topology.outputs.map((ref) => ({
    name: ref.layer,
    node: nodeOf.get(refKey(ref)),
  }));
  if (file.trainingConfig) {
    const losses = outputLosses(
      file.trainingConfig,
      outputs.map((o) => o.name),
      notes,
    );
    losses.forEach((loss, i) => {
      const output = outputs[i]?.node;
      if (!loss || output === undefined) return;
      const id = ids.take(`${output}_loss`);
      nodes.push({
        id,
        type: loss.type,
        params: { weight: loss.weight },
        position: { x: 0, y: 0 },
      });
      edges.push(edgeFrom(output, id, 0, edges.length));
    });
  }

  const doc: GraphDocument = withLayeredLayout({
    format: DOCUMENT_FORMAT,
    version: CURRENT_VERSION,
    metadata: {
      title: title ?? topology.name,
      description: `Imported from a ${file.format === 'tfjs' ? 'TensorFlow.js model.json' : 'Keras model JSON'}.`,
    },
    nodes,
    edges,
    groups: [],
    ...(file.trainingConfig
      ? { training: trainingConfigSchema.parse(trainingFrom(file.trainingConfig, notes)) }
      : {}),
  });

  problems.push(...axisProblems(doc, layers));
  problems.push(...checkReferences(doc));
  if (problems.length > 0) throw new DocumentError(problems);
  return { doc, notes, nodeIdOfLayer, file };
}

type ParamValue = number | string | boolean | number[];

function readOne(
  layer: LayerRecord,
  ids: IdAllocator,
  overrides: Record<string, string | number> | undefined,
  notes: string[],
  problems: Problem[],
): { spec: LayerSpec; id: string; params: Record<string, ParamValue>; claims: number[] } | null {
  const where = { path: `layer "${layer.name}"` };
  const spec = specForKerasClass(layer.className);
  if (!spec?.fromKeras) {
    problems.push(
      problem(
        'E004',
        nestedModelClasses.has(layer.className)
          ? `Layer "${layer.name}" is a whole ${layer.className} model used as a layer; Netwright reads one level of layers, so save the inner model's layers into the outer one first.`
          : `Layer "${layer.name}" is a Keras ${layer.className}, which Netwright's layer catalog does not have; the model cannot be opened without it.`,
        where,
      ),
    );
    return null;
  }
  const reader = new KerasReader(layer.className, layer.config, layer.name, notes);
  let params: Record<string, ParamValue>;
  try {
    params = { ...spec.fromKeras.params(reader), ...overrides };
  } catch (err) {
    if (!(err instanceof KerasConfigError)) throw err;
    problems.push(problem('E007', err.message, where));
    return null;
  }
  const id = ids.take(layer.name);
  for (const [key, value] of Object.entries(params)) {
    const why = paramProblem(spec, id, key, value);
    if (why) problems.push(problem('E007', why, where));
  }
  return { spec, id, params, claims: reader.lastAxisClaims };
}

function firstApplication(
  apps: readonly LayerApplication[],
  layer: string,
): LayerApplication | undefined {
  let first: LayerApplication | undefined;
  for (const app of apps)
    if (app.layer.name === layer && (!first || app.node < first.node)) first = app;
  return first;
}

/** Normalizations that named their axis by number must have meant the input's last axis. */
function axisProblems(
  doc: GraphDocument,
  layers: ReadonlyMap<string, { spec: LayerSpec; id: string; claims: number[] } | null>,
): Problem[] {
  const claimed = [...layers.entries()].filter(([, read]) => read && read.claims.length > 0);
  if (claimed.length === 0) return [];
  const inference = inferGraph(doc);
  return claimed.flatMap(([name, read]) => {
    const shape = read ? inference.nodes[read.id]?.inputShapes[0] : null;
    if (!read || !shape) return [];
    const last = shape.length - 1;
    return read.claims
      .filter((axis) => axis !== last)
      .map((axis) =>
        problem(
          'E007',
          `Layer "${name}" (${read.spec.label}) normalizes over axis ${axis}, but its input's last axis is ${last}; Netwright normalizes over the last axis only.`,
          { path: `layer "${name}"` },
        ),
      );
  });
}

function edgeFrom(source: string, target: string, port: number, count: number): GraphEdge {
  return { id: `e${count + 1}`, source: { node: source, port: 0 }, target: { node: target, port } };
}

/** Id-safe, unique node ids from layer names. */
class IdAllocator {
  private readonly taken = new Set<string>();
  take(wanted: string): string {
    let base = wanted.replace(/[^A-Za-z0-9_]/g, '_');
    if (!/^[A-Za-z]/.test(base)) base = `n_${base}`;
    base = base.slice(0, 56);
    let id = base;
    for (let n = 2; this.taken.has(id) || !idPattern.test(id); n++) id = `${base}_${n}`;
    this.taken.add(id);
    return id;
  }
}
