/**
 * Undoes the two places where the catalog builds one node from two tfjs layers, so a model that
 * Netwright exported comes back as the nodes it was made of:
 * - a Dense or convolution with leaky ReLU is the layer plus a LeakyReLU named `<layer>_act`
 *   (common.ts `activationCalls`: tfjs has no leaky ReLU activation string);
 * - a causal Conv1D is a NetwrightCausalPadding1D named `<layer>_pad` before a 'valid' Conv1D
 *   (entries/conv1d.ts: tfjs cannot run padding 'causal').
 * Both folds compute exactly what the two layers computed, and are made only when every
 * application of the layer is followed (or preceded) by its partner and by nothing else. A
 * LeakyReLU with any other name stays an Activation node, as a Keras Activation layer does.
 */
import { specForKerasClass } from './classes.ts';
import { refKey } from './topology.ts';
import type { LayerApplication, ModelTopology, TensorRef } from './topology.ts';

export type ParamOverrides = Map<string, Record<string, string | number>>;

export interface FoldedTopology extends ModelTopology {
  /** Params that replace what a layer's config says, by layer name. */
  overrides: ParamOverrides;
}

export function foldTfjsExpansions(topology: ModelTopology): FoldedTopology {
  const overrides: ParamOverrides = new Map();
  let applications = topology.applications;
  let outputs = topology.outputs;

  const consumersOf = () => {
    const map = new Map<string, LayerApplication[]>();
    for (const app of applications) {
      for (const ref of app.inputs) map.set(refKey(ref), [...(map.get(refKey(ref)) ?? []), app]);
    }
    return map;
  };
  const byLayer = () => {
    const map = new Map<string, LayerApplication[]>();
    for (const app of applications)
      map.set(app.layer.name, [...(map.get(app.layer.name) ?? []), app]);
    return map;
  };
  const key = (app: LayerApplication) => refKey({ layer: app.layer.name, node: app.node });
  const isOutput = (app: LayerApplication) => outputs.some((o) => refKey(o) === key(app));

  // Leaky ReLU: owner → <owner>_act.
  {
    const consumers = consumersOf();
    const layers = byLayer();
    const redirect = new Map<string, TensorRef>();
    const dropped = new Set<string>();
    for (const [name, apps] of layers) {
      const owner = layers.get(name.replace(/_act$/, ''));
      if (!name.endsWith('_act') || !owner || apps[0]?.layer.className !== 'LeakyReLU') continue;
      const spec = specForKerasClass(owner[0]?.layer.className ?? '');
      const activation = owner[0]?.layer.config.activation;
      const takesLeaky = spec?.params.activation?.kind === 'enum' && 'alpha' in spec.params;
      if (
        !takesLeaky ||
        (activation !== 'linear' && activation !== null && activation !== undefined)
      )
        continue;
      const paired = owner.every((o) => {
        const next = consumers.get(key(o)) ?? [];
        return !isOutput(o) && next.length === 1 && next[0]?.layer.name === name;
      });
      if (!paired || apps.length !== owner.length) continue;
      const alpha = apps[0]?.layer.config.alpha ?? apps[0]?.layer.config.negative_slope;
      overrides.set(owner[0]?.layer.name ?? '', {
        activation: 'leakyRelu',
        alpha: typeof alpha === 'number' ? alpha : 0.3,
      });
      for (const act of apps) {
        const source = act.inputs[0] as TensorRef;
        redirect.set(key(act), source);
        dropped.add(key(act));
      }
    }
    applications = applications
      .filter((a) => !dropped.has(key(a)))
      .map((a) => ({ ...a, inputs: a.inputs.map((r) => redirect.get(refKey(r)) ?? r) }));
    outputs = outputs.map((r) => redirect.get(refKey(r)) ?? r);
  }

  // Causal padding: <conv>_pad → conv.
  {
    const consumers = consumersOf();
    const layers = byLayer();
    const dropped = new Set<string>();
    const rewired = new Map<string, TensorRef[]>();
    for (const [name, apps] of layers) {
      const conv = layers.get(name.replace(/_pad$/, ''));
      if (
        !name.endsWith('_pad') ||
        !conv ||
        apps[0]?.layer.className !== 'NetwrightCausalPadding1D'
      )
        continue;
      const config = conv[0]?.layer.config ?? {};
      const single = (v: unknown): unknown => (Array.isArray(v) ? (v as unknown[])[0] : v);
      const kernel = Number(single(config.kernel_size));
      const dilation = Number(single(config.dilation_rate) ?? 1);
      const pads = apps[0]?.layer.config.padding === (kernel - 1) * dilation;
      const isConv = conv[0]?.layer.className === 'Conv1D' && config.padding === 'valid';
      const paired = apps.every((pad) => {
        const next = consumers.get(key(pad)) ?? [];
        return !isOutput(pad) && next.length === 1 && next[0]?.layer.name === conv[0]?.layer.name;
      });
      if (!pads || !isConv || !paired || apps.length !== conv.length) continue;
      const convName = conv[0]?.layer.name ?? '';
      overrides.set(convName, { ...overrides.get(convName), padding: 'causal' });
      for (const pad of apps) {
        dropped.add(key(pad));
        const next = (consumers.get(key(pad)) ?? [])[0] as LayerApplication;
        rewired.set(key(next), pad.inputs);
      }
    }
    applications = applications
      .filter((a) => !dropped.has(key(a)))
      .map((a) => ({ ...a, inputs: rewired.get(key(a)) ?? a.inputs }));
  }
  return { ...topology, applications, outputs, overrides };
}
