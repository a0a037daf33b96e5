/**
 * What Batch norm and Layer norm share: both normalize to mean 0 and variance 1 with an ε in the
 * square root, then may learn a scale γ and a shift β, each of which can be turned off. tfjs's own
 * layers cannot train with one of them off, so both entries switch to Netwright's layers then.
 */
import { bool, float } from './params.ts';
import type { KerasReader } from './keras.ts';
import type { TorchWeight } from './pytorch.ts';

export const epsilonParam = float({
  label: 'Epsilon',
  default: 0.001,
  min: 0,
  max: 1,
  minExclusive: true,
  help: 'Small ε added to the variance before the square root, so that it never divides by zero.',
});

/** β, per channel (batch norm) or per feature (layer norm), as the help says. */
export function centerParam(help: string) {
  return bool({ label: 'Learn β (shift)', default: true, help });
}

/** γ, per channel (batch norm) or per feature (layer norm), as the help says. */
export function scaleParam(help: string) {
  return bool({ label: 'Learn γ (scale)', default: true, help });
}

interface Affine {
  readonly center: boolean;
  readonly scale: boolean;
}

/** How many of γ and β the layer learns: 0, 1 or 2 values per channel. */
export function learnedPerChannel(p: Affine): number {
  return (p.scale ? 1 : 0) + (p.center ? 1 : 0);
}

/** `, learns γ, β` for the node face; nothing when neither is learned. */
export function learnedSuffix(p: Affine): string {
  const learned = [p.scale ? 'γ' : '', p.center ? 'β' : ''].filter(Boolean).join(', ');
  return learned ? `, learns ${learned}` : '';
}

/** Keras's epsilon, center, scale and trainable, with Keras's defaults. */
export function kerasAffine(k: KerasReader) {
  return {
    epsilon: k.number('epsilon', 0.001),
    center: k.bool('center', true),
    scale: k.bool('scale', true),
    trainable: k.bool('trainable', true),
  };
}

/** Keras arguments for the settings that differ from Keras's defaults (all on). */
export function affineOverrides(p: Affine & { readonly trainable: boolean }) {
  return {
    ...(p.center ? {} : { center: false }),
    ...(p.scale ? {} : { scale: false }),
    ...(p.trainable ? {} : { trainable: false }),
  };
}

/** PyTorch's `scale=` and `center=` of Netwright's norm modules, left out when on. */
export function torchAffineArgs(p: Affine) {
  return {
    scale: p.scale ? undefined : 'False',
    center: p.center ? undefined : 'False',
  };
}

/** γ and β, those that are learned, under PyTorch's names `weight` and `bias`. */
export function affineWeights(p: Affine): TorchWeight[] {
  return [
    ...(p.scale ? [{ tfjs: 'gamma', torch: 'weight' }] : []),
    ...(p.center ? [{ tfjs: 'beta', torch: 'bias' }] : []),
  ];
}
