import type { KerasReader } from './keras.ts';
import type { TorchContext, TorchExport } from './pytorch.ts';
import type { ParamSchema, ParamValues } from './params.ts';
import type { Shape } from './shape.ts';
import type { TfCall } from './tfcall.ts';

export const layerCategories = [
  'input',
  'core',
  'convolution',
  'pooling',
  'reshaping',
  'normalization',
  'regularization',
  'activation',
  'recurrent',
  'merge',
  'loss',
] as const;

export type LayerCategory = (typeof layerCategories)[number];

export interface ParamCount {
  trainable: number;
  nonTrainable: number;
}

/**
 * How a node takes part in a graph: an Input starts one, a loss closes one, a layer transforms.
 */
export type LayerRole = 'input' | 'layer' | 'loss';

/** What a loss node tells the trainer and the emitter. */
export interface LossSpec {
  /** A tfjs loss identifier (`'meanSquaredError'`) or a call under `tf.losses` with extra args. */
  tfjs: string | { fn: string; extra: Record<string, number> };
  weight: number;
}

/**
 * A setting that exercises an entry. The catalog tests build every example and compare inference
 * with what tfjs builds; the training tests take a gradient step through each. Examples hold only
 * inputs, never expected answers: the oracle is tfjs.
 */
export interface LayerExample {
  name: string;
  /** Per-sample input shapes, one per input port (batch dimension left out). */
  inputs: readonly (readonly number[])[];
  /** Input kind when it is not implied by rank (`tokens` for an Embedding). */
  inputKind?: 'image' | 'vector' | 'sequence' | 'tokens';
  params?: Readonly<Record<string, number | string | boolean | readonly number[]>>;
}

/**
 * Everything about one layer type, in one place (see ARCHITECTURE.md, "The layer catalog").
 * Shape rules throw {@link LayerShapeError} with a coded, learner-readable message.
 */
export interface LayerSpec<S extends ParamSchema = ParamSchema> {
  /** Stable identifier stored in documents, e.g. `Conv2D`. Never rename: files depend on it. */
  readonly type: string;
  /** Name shown in the palette and on nodes. */
  readonly label: string;
  readonly category: LayerCategory;
  /** One line for the palette. */
  readonly help: string;
  readonly role: LayerRole;
  readonly params: S;
  /** How many incoming edges the node takes; merges take from 2 to Infinity. */
  readonly inputs: { readonly min: number; readonly max: number };
  /** Whether the layer owns weights (and so can share them with another node of its type). */
  readonly weighted: boolean;
  /** The key params in words for the node face: `64 × 3×3 conv, stride 1, same`. */
  describe(p: ParamValues<S>): string;
  /** Output shape for the given input shapes (batch first, null). Throws LayerShapeError. */
  outputShape(inputs: readonly Shape[], p: ParamValues<S>): Shape;
  countParams(inputs: readonly Shape[], p: ParamValues<S>): ParamCount;
  /**
   * Floating-point operations for one sample's forward pass, counting a multiply-add as 2 FLOPs
   * (the convention of most papers' "FLOPs" tables that count MACs × 2).
   */
  flops(inputs: readonly Shape[], output: Shape, p: ParamValues<S>): number;
  /**
   * The tfjs calls that build this node, applied in order (a Dense with leaky ReLU is a dense
   * layer followed by a leakyReLU layer). For an Input node, one `input` call. Loss nodes have none.
   * `name` is the node's layer name; extra layers get suffixes.
   */
  tfjs(p: ParamValues<S>, name: string): TfCall[];
  /** Settings the tests build, train and export (at least one; Input and losses included). */
  readonly examples: readonly LayerExample[];
  /** For loss nodes only. */
  loss?(p: ParamValues<S>): LossSpec;
  /**
   * The layers as Keras has them, only where they differ from `tfjs` (Netwright's own tfjs layers,
   * tfjs workarounds), in `tfjs`'s vocabulary: `layers.subtract` is Keras's Subtract even though
   * tfjs lacks it. app/codegen/keras/ translates these, or else `tfjs`'s calls, into tf.keras.
   */
  keras?(p: ParamValues<S>, name: string): TfCall[];
  /** How Keras and TensorFlow.js model files spell this layer; see {@link KerasImport}. */
  readonly fromKeras?: KerasImport;
  /**
   * The layer in an exported PyTorch module (app/codegen/pytorch/): its nn.Module, forward
   * expression and weight mapping. Every role 'layer' entry has one; Input and loss nodes are the
   * module's arguments and the training script's losses.
   */
  pytorch?(p: ParamValues<S>, ctx: TorchContext): TorchExport;
}

/**
 * Reading this entry from a Keras model JSON or a tfjs model.json (app/import/). Both write each
 * layer as a Keras class name and a snake_case config.
 */
export interface KerasImport {
  /** The class names this entry reads (`Dense`; `Subtract` and tfjs's `NetwrightSubtract`). */
  readonly classes: readonly string[];
  /**
   * The node's params from the layer's config. Throws KerasConfigError (keras.ts) for a setting the
   * catalog cannot express; leaves training-only settings out with a note on the reader.
   */
  params(k: KerasReader): Record<string, number | string | boolean | number[]>;
}

/** Helper that keeps the params' literal types when declaring an entry. */
export function defineLayer<const S extends ParamSchema>(spec: LayerSpec<S>): LayerSpec<S> {
  return spec;
}
