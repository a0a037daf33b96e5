/**
 * Keras's model JSON as a flat list of layer applications: which layer ran on which tensors.
 * A layer applied twice (shared weights) has two applications. Reads the Sequential and the
 * functional format of Keras 2 (also what TensorFlow.js writes) and Keras 3, whose inbound nodes
 * are `{ args, kwargs }` with `keras_history` references instead of `[name, node, tensor]` lists.
 */
import { DocumentError, problem } from '../graph/errors.ts';
import { isObject } from './model-file.ts';
import type { Json } from './model-file.ts';

export interface LayerRecord {
  name: string;
  className: string;
  config: Json;
}

/** A layer's output: the `node`th time `layer` was applied (Keras's node index). */
export interface TensorRef {
  layer: string;
  node: number;
}

export interface LayerApplication {
  layer: LayerRecord;
  /** Which application of the layer this is, counting from 0. */
  node: number;
  inputs: TensorRef[];
}

export interface ModelTopology {
  name: string;
  /** In the file's order, which Keras keeps topological. */
  applications: LayerApplication[];
  outputs: TensorRef[];
}

export function readTopology(model: Json): ModelTopology {
  const className = model.class_name as string;
  return className === 'Sequential' ? readSequential(model) : readFunctional(model);
}

export function refKey(ref: TensorRef): string {
  return `${ref.layer}#${ref.node}`;
}

function readSequential(model: Json): ModelTopology {
  // Keras 2.0–2.2 wrote the layer list as the config itself.
  const config = model.config;
  const list = Array.isArray(config) ? config : isObject(config) ? config.layers : undefined;
  if (!Array.isArray(list)) throw malformed('Its Sequential config has no list of layers.');
  const layers = list.map((entry, i) => layerRecord(entry, `layer ${i + 1}`));
  const name = isObject(config) && typeof config.name === 'string' ? config.name : 'sequential';
  const first = layers[0];
  if (!first) throw malformed('Its Sequential model has no layers.');
  if (first.className !== 'InputLayer') layers.unshift(inputFor(first, layers));

  const applications: LayerApplication[] = layers.map((layer, i) => ({
    layer,
    node: 0,
    inputs: i === 0 ? [] : [{ layer: (layers[i - 1] as LayerRecord).name, node: 0 }],
  }));
  const last = layers.at(-1) as LayerRecord;
  return { name, applications, outputs: [{ layer: last.name, node: 0 }] };
}

/**
 * The InputLayer a Sequential model implies: Keras 2 puts the input's shape on the first layer
 * (`batch_input_shape`), Keras 3 in its `build_config`.
 */
function inputFor(first: LayerRecord, layers: readonly LayerRecord[]): LayerRecord {
  const build = (first.config as Json & { build_config?: unknown }).build_config;
  const batchShape =
    first.config.batch_input_shape ??
    first.config.batch_shape ??
    (isObject(build) ? build.input_shape : undefined);
  if (!Array.isArray(batchShape)) {
    throw malformed(
      `Its first layer "${first.name}" does not say what shape its input has (batch_input_shape), so the Input cannot be made.`,
    );
  }
  const dtype = typeof first.config.dtype === 'string' ? first.config.dtype : 'float32';
  const taken = new Set(layers.map((l) => l.name));
  let name = 'input';
  for (let n = 2; taken.has(name); n++) name = `input_${n}`;
  return {
    name,
    className: 'InputLayer',
    config: { batch_input_shape: batchShape, dtype, name },
  };
}

function readFunctional(model: Json): ModelTopology {
  const config = model.config;
  if (!isObject(config) || !Array.isArray(config.layers)) {
    throw malformed('Its model config has no list of layers.');
  }
  const entries: unknown[] = config.layers;
  const applications: LayerApplication[] = [];
  entries.forEach((entry, i) => {
    const layer = layerRecord(entry, `layer ${i + 1}`);
    const inbound = (entry as Json).inbound_nodes;
    if (layer.className === 'InputLayer' || !Array.isArray(inbound) || inbound.length === 0) {
      applications.push({ layer, node: 0, inputs: [] });
      return;
    }
    inbound.forEach((call: unknown, node) => {
      applications.push({ layer, node, inputs: inboundRefs(call, layer.name) });
    });
  });
  const outputs = refList(config.output_layers, 'output_layers');
  return {
    name: typeof config.name === 'string' ? config.name : 'model',
    applications: inTopologicalOrder(applications),
    outputs,
  };
}

/** One inbound node's input tensors, from Keras 2's lists or Keras 3's `{ args }`. */
function inboundRefs(call: unknown, layerName: string): TensorRef[] {
  if (Array.isArray(call)) return refList(call, `inbound_nodes of "${layerName}"`);
  if (isObject(call) && Array.isArray(call.args)) {
    const refs: TensorRef[] = [];
    const collect = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(collect);
      else if (isObject(value) && value.class_name === '__keras_tensor__') {
        const history = isObject(value.config) ? value.config.keras_history : undefined;
        refs.push(tensorRef(history, `inbound_nodes of "${layerName}"`));
      }
    };
    collect(call.args);
    return refs;
  }
  throw malformed(`The inbound_nodes of "${layerName}" are not in a format Keras writes.`);
}

function refList(value: unknown, where: string): TensorRef[] {
  if (!Array.isArray(value)) throw malformed(`Its ${where} is not a list.`);
  // A single output may be written as one reference instead of a list of them.
  if (typeof value[0] === 'string') return [tensorRef(value, where)];
  return value.map((v) => tensorRef(v, where));
}

function tensorRef(value: unknown, where: string): TensorRef {
  if (!Array.isArray(value) || typeof value[0] !== 'string' || typeof value[1] !== 'number') {
    throw malformed(
      `An entry in ${where} is not a [layer name, node index, tensor index] reference.`,
    );
  }
  const tensor: unknown = value[2];
  if (typeof tensor === 'number' && tensor !== 0) {
    throw new DocumentError([
      problem(
        'E004',
        `The model uses output ${tensor} of layer "${value[0]}"; Netwright's layers have one output each.`,
      ),
    ]);
  }
  return { layer: value[0], node: value[1] };
}

function layerRecord(entry: unknown, where: string): LayerRecord {
  if (!isObject(entry) || typeof entry.class_name !== 'string') {
    throw malformed(`Its ${where} has no class_name.`);
  }
  const config = isObject(entry.config) ? entry.config : {};
  const name =
    typeof entry.name === 'string'
      ? entry.name
      : typeof config.name === 'string'
        ? config.name
        : null;
  if (name === null) throw malformed(`Its ${where} (a ${entry.class_name}) has no name.`);
  return { name, className: entry.class_name, config };
}

/**
 * Applications ordered so every input comes first. Keras writes layers in order, but a shared
 * layer's second application sits with its first, before the tensors it reads may exist.
 */
function inTopologicalOrder(applications: LayerApplication[]): LayerApplication[] {
  const byKey = new Map(
    applications.map((a) => [refKey({ layer: a.layer.name, node: a.node }), a]),
  );
  const done = new Set<string>();
  const ordered: LayerApplication[] = [];
  const visit = (start: LayerApplication): void => {
    const stack: { app: LayerApplication; expanded: boolean }[] = [{ app: start, expanded: false }];
    const onStack = new Set<string>();
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as { app: LayerApplication; expanded: boolean };
      const key = refKey({ layer: top.app.layer.name, node: top.app.node });
      if (done.has(key)) {
        stack.pop();
        continue;
      }
      if (!top.expanded) {
        top.expanded = true;
        onStack.add(key);
        for (const ref of top.app.inputs) {
          const input = byKey.get(refKey(ref));
          if (!input) {
            throw malformed(
              `Layer "${top.app.layer.name}" reads application ${ref.node} of "${ref.layer}", which the file does not have.`,
            );
          }
          if (onStack.has(refKey(ref)))
            throw malformed(`Layer "${ref.layer}" feeds itself in a loop.`);
          stack.push({ app: input, expanded: false });
        }
        continue;
      }
      stack.pop();
      onStack.delete(key);
      done.add(key);
      ordered.push(top.app);
    }
  };
  applications.forEach(visit);
  return ordered;
}

function malformed(message: string): DocumentError {
  return new DocumentError([problem('E003', `The model file is malformed. ${message}`)]);
}
