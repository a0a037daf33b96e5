/**
 * What the convolution entries (Conv 1D, Conv 2D, Conv 2D transpose, Depthwise and Separable
 * conv 2D) have in common, so that the family keeps one set of limits, words and plumbing while
 * each entry still states what its own layer does.
 *
 * Param factories fix a param's label, default and limits; their `help` defaults to the sentence
 * most of the family shows, and an entry whose layer means something else by it passes its own.
 */
import { activationCalls, activationLabels, weightArgs } from './common.ts';
import type { ActivationName, activationParams, weightParams } from './common.ts';
import type { KerasReader } from './keras.ts';
import { bool, int, ints, oneOf } from './params.ts';
import type { ParamValues } from './params.ts';
import { first, padInput, torchActivation } from './pytorch.ts';
import type { TorchLayer, WindowPadding } from './pytorch.ts';
import { expectRank, only } from './shape.ts';
import type { Shape } from './shape.ts';
import { tfCall } from './tfcall.ts';
import type { TfArgs, TfCall } from './tfcall.ts';

// ————— Params —————

export function filtersParam(help = 'Number of filters, which is the number of output channels.') {
  return int({ label: 'Filters', default: 32, min: 1, max: 65_536, help });
}

export function kernelSize2dParam(help: string) {
  return ints({ label: 'Kernel size', length: 2, default: [3, 3], min: 1, max: 1024, help });
}

export function strides2dParam(help = 'Step between filter positions (s in the course).') {
  return ints({ label: 'Strides', length: 2, default: [1, 1], min: 1, max: 1024, help });
}

export function dilation2dParam(
  help = 'Spacing between filter taps (atrous convolution). Needs strides of 1.',
) {
  return ints({ label: 'Dilation', length: 2, default: [1, 1], min: 1, max: 1024, help });
}

/** Depthwise filters per input channel (Depthwise and Separable conv 2D). */
export function depthMultiplierParam(help: string) {
  return int({ label: 'Depth multiplier', default: 1, min: 1, max: 1024, help });
}

export function imagePaddingParam(
  help = "'valid' adds no padding (output shrinks); 'same' pads so that stride 1 keeps the size.",
) {
  return oneOf({ label: 'Padding', options: ['valid', 'same'], default: 'valid', help });
}

export function useBiasParam(
  help = 'Add a learned bias per filter. Turn off before batch normalization.',
) {
  return bool({ label: 'Use bias', default: true, help });
}

/** The params every convolution's tfjs call and PyTorch module read besides its own. */
type ConvolutionValues = ParamValues<typeof activationParams> &
  ParamValues<typeof weightParams> & { useBias: boolean };

// ————— Node face —————

/** `2` for a square stride, `1×3` otherwise. */
export function strideText(strides: readonly number[]): string {
  return strides[0] === strides[1] ? String(strides[0]) : strides.join('×');
}

/** `, ReLU` after the rest of the description; nothing for a linear output. */
export function activationSuffix(activation: ActivationName): string {
  return activation === 'linear' ? '' : ', ' + activationLabels[activation];
}

// ————— Shapes and counts —————

/** The single input, which must be images `[null, n_H, n_W, n_C]`; a flat vector gets a hint (E013). */
export function imageInput(inputs: readonly Shape[], label: string): Shape {
  const x = only(inputs);
  expectRank(
    x,
    [4],
    label,
    x.length === 2 ? 'Add a Reshape to height × width × channels first.' : '',
  );
  return x;
}

/** f_H · f_W: weights per channel pair, or multiply-adds per output position and channel pair. */
export function kernelArea(kernelSize: readonly number[]): number {
  return (kernelSize[0] ?? 1) * (kernelSize[1] ?? 1);
}

// ————— Exports —————

/** Keras's `kernel_size`, `strides` and `padding` of a 2-D window, with Keras's defaults. */
export function kerasWindow2d(k: KerasReader) {
  return {
    kernelSize: k.ints('kernel_size', 2, [3, 3]),
    strides: k.ints('strides', 2, [1, 1]),
    padding: k.oneOf('padding', ['valid', 'same'], 'valid'),
  };
}

/**
 * The tfjs layer call: `name`, the layer's own arguments, then the bias, activation and weight
 * settings in the order every convolution writes them, plus the leaky ReLU layer when one follows.
 */
export function convolutionCalls(
  factory: string,
  p: ConvolutionValues,
  name: string,
  layerArgs: TfArgs,
  kernels: string | readonly string[] = 'kernel',
): TfCall[] {
  const act = activationCalls(p, name);
  return [
    tfCall(factory, {
      name,
      ...layerArgs,
      useBias: p.useBias,
      ...act.args,
      ...weightArgs(p, kernels, p.useBias),
    }),
    ...act.after,
  ];
}

/** PyTorch's `bias=` argument: left out for the default (on). */
export function torchBias(useBias: boolean): string | undefined {
  return useBias ? undefined : 'False';
}

/** The module's forward: the padding it cannot do itself, the convolution, then the activation. */
export function convolutionForward(
  attr: string,
  p: ConvolutionValues,
  padding: WindowPadding,
  window: { kernel: readonly number[]; strides: readonly number[]; dilation?: readonly number[] },
): TorchLayer['forward'] {
  return (xs) => {
    const conv = `self.${attr}(${padInput(first(xs), padding, window)})`;
    return torchActivation(conv, p.activation, p.alpha, 1);
  };
}
