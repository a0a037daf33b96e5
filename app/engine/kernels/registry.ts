/**
 * Our kernels for the WebAssembly backend, registered with one call. Without them the backend
 * cannot train a convolutional network at all (it has no filter gradients) and runs the gradients
 * of Dense and Conv2D layers on slow loops; docs/training-speed.md has the measurements.
 */
import type { KernelBackend, KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import type { Tf } from '../tf.ts';
import { batchMatMul } from './batch-mat-mul.ts';
import { biasAdd } from './bias-add.ts';
import { conv2DBackpropFilter } from './conv2d-backprop-filter.ts';
import { conv2DBackpropInput } from './conv2d-backprop-input.ts';
import { depthwiseConv2dNativeBackpropFilter } from './depthwise-conv2d-backprop-filter.ts';
import { depthwiseConv2dNativeBackpropInput } from './depthwise-conv2d-backprop-input.ts';
import { KernelCalls } from './kernel-calls.ts';
import { maxPoolGrad } from './max-pool-grad.ts';
import { loadNativeKernels } from './native/addon.ts';
import type { NativeKernels } from './native/addon.ts';
import {
  nativeBatchMatMul,
  nativeConv2D,
  nativeConv2DFilterGradient,
  nativeConv2DInputGradient,
  nativeFirst,
  nativeMaxPoolGrad,
} from './native/native-first.ts';
import { sumLeadingAxes } from './sum-leading-axes.ts';
import type { FastKernel } from './kernel-calls.ts';
import { unsortedSegmentSum } from './unsorted-segment-sum.ts';

export const fastKernels: readonly FastKernel[] = [
  conv2DBackpropFilter,
  conv2DBackpropInput,
  depthwiseConv2dNativeBackpropFilter,
  depthwiseConv2dNativeBackpropInput,
  batchMatMul,
  unsortedSegmentSum,
  maxPoolGrad,
  biasAdd,
  sumLeadingAxes,
];

/**
 * The kernels to register: where the native addon is built, convolutions, matrix products and
 * max pooling's gradient run there first (several times faster than XNNPACK in WebAssembly; docs/training-speed.md).
 */
export function kernelsWith(native: NativeKernels | null): readonly FastKernel[] {
  if (!native) return fastKernels;
  const byName = new Map(fastKernels.map((k) => [k.kernelName, k]));
  const preferNative = [
    nativeFirst('Conv2D', native, nativeConv2D, null),
    nativeFirst('Conv2DBackpropFilter', native, nativeConv2DFilterGradient, conv2DBackpropFilter),
    nativeFirst('Conv2DBackpropInput', native, nativeConv2DInputGradient, conv2DBackpropInput),
    nativeFirst('BatchMatMul', native, nativeBatchMatMul, batchMatMul),
    nativeFirst('MaxPoolGrad', native, nativeMaxPoolGrad, maxPoolGrad),
  ];
  for (const kernel of preferNative) byName.set(kernel.kernelName, kernel);
  return [...byName.values()];
}

// INVARIANT: holds exactly the kernel functions this module registered, so a second call (tests,
// several entry points) neither stacks wrappers nor mistakes ours for the backend's own.
const ours = new WeakSet<KernelFunc>();

/**
 * Registers {@link fastKernels} for `backendName`, replacing the backend's own where one exists
 * (kept and handed to ours, which may delegate to it). Safe to call more than once, before or
 * after the backend is initialized.
 */
export function registerFastKernels(
  tf: Tf,
  backendName = 'wasm',
  native: NativeKernels | null = loadNativeKernels().kernels,
): void {
  const replaced = new Map<string, KernelConfig>();
  const toRegister: { kernel: FastKernel; own: KernelConfig | undefined }[] = [];
  for (const kernel of kernelsWith(native)) {
    const own = tf.getKernel(kernel.kernelName, backendName);
    if (own && ours.has(own.kernelFunc)) continue;
    if (own) replaced.set(kernel.kernelName, own);
    toRegister.push({ kernel, own });
  }
  for (const { kernel, own } of toRegister) {
    if (own) tf.unregisterKernel(kernel.kernelName, backendName);
    const kernelFunc: KernelFunc = ({ inputs, backend, attrs }) => {
      const calls = new KernelCalls(tf, backend as KernelBackend, backendName, replaced);
      let result: TensorInfo | null = null;
      try {
        result = kernel.run(calls, inputs, attrs ?? {});
        return result;
      } finally {
        calls.finish(result);
      }
    };
    ours.add(kernelFunc);
    tf.registerKernel({
      kernelName: kernel.kernelName,
      backendName,
      kernelFunc,
      // The backend's own kernel binds its WebAssembly function in setup; ours may call it.
      ...(own?.setupFunc ? { setupFunc: own.setupFunc } : {}),
      ...(own?.disposeFunc ? { disposeFunc: own.disposeFunc } : {}),
    });
  }
}
