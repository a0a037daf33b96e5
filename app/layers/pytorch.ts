/**
 * What a catalog entry tells the PyTorch exporter (app/codegen/pytorch/), and the helpers entries
 * share to say it: Python literals, activations, TensorFlow's 'same' padding, weight layouts.
 *
 * Conventions of the exported module, which every entry follows:
 * - Tensors enter and leave in the app's layout (channels last, as tfjs), so a user compares them
 *   with the app's directly. Inside, an entry says which layout it wants its inputs in: channels
 *   first for PyTorch's convolutions and pooling, channels last where the app's axis order matters
 *   (Dense, Flatten, Reshape, recurrent layers). The exporter permutes only where a layer wants
 *   the other layout than its input has, so a stack of convolutions runs channels first throughout.
 * - A node owns at most one module attribute (`self.<attr>`); a node that shares weights uses its
 *   owner's. Functional layers (Flatten, merges, Activation) have none.
 * - Weights keep PyTorch's layouts (Conv2d's OIHW, Linear's out × in, LSTM gates i, f, g, o); each
 *   entry says how tfjs's weights map onto its module's state_dict.
 */
import type { ActivationName, InitializerName } from './common.ts';
import type { Shape } from './shape.ts';

/** Where the channel (feature) axis sits: last, as in the app and tfjs, or after the batch axis. */
export type TorchLayout = 'channelsLast' | 'channelsFirst';

export interface TorchContext {
  /** The module attribute (`self.<attr>`): the weight owner's when the node shares weights. */
  readonly attr: string;
  /** The weight owner's tfjs layer name (its node id), under which tfjs keeps its weights. */
  readonly name: string;
  readonly inputs: readonly Shape[];
  readonly output: Shape;
}

/** One step from a tfjs weight's layout to PyTorch's, applied in order. */
export type WeightTransform =
  /** Axes reordered, as numpy's `transpose(perm)`. */
  | { readonly op: 'permute'; readonly perm: readonly number[] }
  /** Same values in row-major order, another shape. */
  | { readonly op: 'reshape'; readonly shape: readonly number[] }
  /** The axis cut into `order.length` equal blocks, put in the given order (gate reordering). */
  | { readonly op: 'reorderBlocks'; readonly axis: number; readonly order: readonly number[] };

export interface TorchWeight {
  /** The weight's name within the tfjs layer: `kernel`, `moving_mean`, `forward_x_rnn/bias`. */
  readonly tfjs: string;
  /** Its key under the node's module in the state_dict: `weight`, `running_mean`. */
  readonly torch: string;
  readonly transform?: readonly WeightTransform[];
}

/** How a parameter of the module starts, so PyTorch trains from the app's initial weights. */
export interface TorchInit {
  /** Key under the module: `weight`, `bias`, `depthwise.weight`. */
  readonly param: string;
  readonly initializer: InitializerName;
  readonly stddev: number;
}

/** Python pieces an exported module can need, defined in app/codegen/pytorch/prelude.ts. */
export type TorchHelper =
  | 'Recurrent'
  | 'Bidirectional'
  | 'BatchNorm'
  | 'LayerNorm'
  | 'SeparableConv2d'
  | 'pad_same'
  | 'avg_pool_same'
  | 'upsample_bilinear';

export interface TorchLayer {
  /** The layout the inputs must arrive in; `any` takes the first input's. The output keeps it. */
  readonly layout: TorchLayout | 'any';
  /** The module's constructor, `nn.Conv2d(3, 8, kernel_size=3)`; absent for functional layers. */
  readonly module?: string;
  /** The output as a Python expression of the inputs (already in the layout); uses `self.<attr>`. */
  forward(inputs: readonly string[], layout: TorchLayout): string;
  readonly weights?: readonly TorchWeight[];
  readonly init?: readonly TorchInit[];
  /** The app's `trainable: false`: the module's parameters get `requires_grad_(False)`. */
  readonly frozen?: boolean;
  readonly helpers?: readonly TorchHelper[];
}

/** What an entry's `pytorch` gives: the layer, or why PyTorch cannot express these settings. */
export type TorchExport = TorchLayer | { readonly unsupported: string };

// ————— Python source —————

/** A Python literal: numbers as written, booleans capitalized, lists as tuples. */
export function py(value: number | string | boolean | readonly number[]): string {
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (typeof value === 'number') return String(value);
  return value.length === 1 ? `(${py(value[0] as number)},)` : `(${value.map(py).join(', ')})`;
}

/** A size argument: `3` when every axis agrees, `(1, 7)` when not. */
export function pySize(values: readonly number[]): string {
  const [first = 1] = values;
  return values.every((v) => v === first) ? String(first) : py(values);
}

/** `name(a, b, key=value)`, leaving out keyword arguments given as undefined. */
export function pyCall(
  fn: string,
  positional: readonly string[],
  keywords: Readonly<Record<string, string | undefined>> = {},
): string {
  const named = Object.entries(keywords).flatMap(([k, v]) =>
    v === undefined ? [] : [`${k}=${v}`],
  );
  return `${fn}(${[...positional, ...named].join(', ')})`;
}

/** A size keyword argument, left out (undefined) when every axis has PyTorch's default. */
export function sizeUnless(values: readonly number[], fallback: number): string | undefined {
  return values.every((v) => v === fallback) ? undefined : pySize(values);
}

/** The first input expression of a one-input layer. */
export function first(inputs: readonly string[]): string {
  return inputs[0] ?? 'None';
}

/** The activation applied to `expr`; `dim` is the feature axis softmax runs over. */
export function torchActivation(
  expr: string,
  activation: ActivationName,
  alpha: number,
  dim = -1,
): string {
  switch (activation) {
    case 'linear':
      return expr;
    case 'relu':
      return `F.relu(${expr})`;
    case 'relu6':
      return `F.relu6(${expr})`;
    case 'leakyRelu':
      return `F.leaky_relu(${expr}, ${py(alpha)})`;
    case 'sigmoid':
      return `torch.sigmoid(${expr})`;
    case 'tanh':
      return `torch.tanh(${expr})`;
    case 'elu':
      return `F.elu(${expr})`;
    case 'selu':
      return `F.selu(${expr})`;
    case 'softmax':
      return `F.softmax(${expr}, dim=${dim})`;
    // tfjs's swish is x·sigmoid(x), PyTorch's SiLU.
    case 'swish':
      return `F.silu(${expr})`;
    // tfjs's 'gelu' is the exact x·Φ(x) with erf (its tanh approximation is 'gelu_new'), which is
    // PyTorch's default.
    case 'gelu':
      return `F.gelu(${expr})`;
  }
}

/** The feature axis of a tensor of `rank` (batch included) in a layout, for softmax and concat. */
export function featureDim(rank: number, layout: TorchLayout): number {
  return layout === 'channelsFirst' && rank >= 3 ? 1 : -1;
}

/**
 * Where an axis of the app's (channels-last) tensor of `rank` sits in a layout: channels first
 * moves the last axis to 1 and shifts the spatial axes one on.
 */
export function torchAxis(axis: number, rank: number, layout: TorchLayout): number {
  const a = axis < 0 ? rank + axis : axis;
  if (layout === 'channelsLast' || rank < 3 || a === 0) return a;
  return a === rank - 1 ? 1 : a + 1;
}

// ————— TensorFlow's padding —————

/**
 * Padding for a window (convolution or pooling) with TensorFlow's rules, per spatial axis.
 * 'same' pads so the output has ⌈n / s⌉ positions; when the padding is odd TensorFlow puts the
 * extra pixel at the end (bottom, right), which PyTorch's symmetric `padding=` cannot say.
 */
export type WindowPadding =
  /** Nothing, or the same on both sides of each axis: the module's own `padding=`. */
  | { readonly kind: 'symmetric'; readonly perAxis: readonly number[] }
  /** Uneven: `F.pad` with these amounts, in its order (last axis first: left, right, top, bottom). */
  | { readonly kind: 'explicit'; readonly pad: readonly number[] }
  /** A size unknown until run time (after a Reshape with -1): `pad_same` works it out then. */
  | { readonly kind: 'runtime' };

export function windowPadding(
  sizes: readonly (number | null)[],
  window: {
    kernel: readonly number[];
    strides: readonly number[];
    dilation?: readonly number[];
    padding: 'valid' | 'same';
  },
): WindowPadding {
  const { kernel, strides, dilation = kernel.map(() => 1), padding } = window;
  if (padding === 'valid') return { kind: 'symmetric', perAxis: kernel.map(() => 0) };
  if (sizes.some((n) => n === null)) return { kind: 'runtime' };
  const pairs = sizes.map((n, i) => {
    const k = ((kernel[i] ?? 1) - 1) * (dilation[i] ?? 1) + 1;
    const s = strides[i] ?? 1;
    const size = n as number;
    const total = Math.max((Math.ceil(size / s) - 1) * s + k - size, 0);
    return [Math.floor(total / 2), total - Math.floor(total / 2)] as const;
  });
  if (pairs.every(([before, after]) => before === after)) {
    return { kind: 'symmetric', perAxis: pairs.map(([before]) => before) };
  }
  return { kind: 'explicit', pad: [...pairs].reverse().flatMap(([b, a]) => [b, a]) };
}

/** The module's `padding=` argument for a window padding, or undefined for none. */
export function paddingArgument(padding: WindowPadding): string | undefined {
  if (padding.kind !== 'symmetric' || padding.perAxis.every((p) => p === 0)) return undefined;
  return pySize(padding.perAxis);
}

/**
 * The input with the padding the module cannot do itself; `fill` is the padded value (minus
 * infinity for max pooling, so the border never wins).
 */
export function padInput(
  x: string,
  padding: WindowPadding,
  window: { kernel: readonly number[]; strides: readonly number[]; dilation?: readonly number[] },
  fill?: string,
): string {
  const value = fill === undefined ? {} : { value: fill };
  if (padding.kind === 'explicit') return pyCall('F.pad', [x, py(padding.pad)], value);
  if (padding.kind === 'runtime') {
    const { kernel, strides, dilation } = window;
    const dilated = dilation?.some((d) => d > 1) ? py(dilation) : undefined;
    return pyCall('pad_same', [x, py(kernel), py(strides)], { dilation: dilated, ...value });
  }
  return x;
}

// ————— Weights —————

/** Dense and recurrent matrices: tfjs keeps in × out, PyTorch out × in. */
export const transposed: readonly WeightTransform[] = [{ op: 'permute', perm: [1, 0] }];

/** A convolution kernel: tfjs's [h, w, in, out] (or [k, in, out]) to PyTorch's [out, in, h, w]. */
export function convKernel(spatialAxes: 1 | 2): readonly WeightTransform[] {
  return [{ op: 'permute', perm: spatialAxes === 2 ? [3, 2, 0, 1] : [2, 1, 0] }];
}

/**
 * A depthwise kernel: tfjs's [h, w, channels, multiplier] to a grouped Conv2d's
 * [channels · multiplier, 1, h, w], where output channel c·multiplier + m is channel c's m-th filter
 * in both.
 */
export function depthwiseKernel(kernel: readonly number[], channels: number, multiplier: number) {
  const [h = 1, w = 1] = kernel;
  const steps: readonly WeightTransform[] = [
    { op: 'permute', perm: [2, 3, 0, 1] },
    { op: 'reshape', shape: [channels * multiplier, 1, h, w] },
  ];
  return steps;
}

/** Kernel initializer settings of an entry, as `init` entries for the given parameters. */
export function kernelInit(
  p: { kernelInitializer: InitializerName; kernelStddev: number; biasInitializer: InitializerName },
  kernels: readonly string[],
  bias: string | null,
): TorchInit[] {
  const stddev = p.kernelStddev;
  return [
    ...kernels.map((param) => ({ param, initializer: p.kernelInitializer, stddev })),
    ...(bias === null ? [] : [{ param: bias, initializer: p.biasInitializer, stddev }]),
  ];
}

/** A kernel (and its bias, when the layer has one) in the module's `weight` and `bias`. */
export function weightAndBias(
  kernel: readonly WeightTransform[],
  useBias: boolean,
  names: { kernel: string; torch?: string } = { kernel: 'kernel' },
): TorchWeight[] {
  const torch = names.torch ?? 'weight';
  return [
    { tfjs: names.kernel, torch, transform: kernel },
    ...(useBias ? [{ tfjs: 'bias', torch: torch.replace(/weight$/, 'bias') }] : []),
  ];
}
