/**
 * Calls a backend's own kernels directly, the way tfjs backends compose kernels internally, so a
 * kernel built from other kernels never goes through the engine (no tape, no engine-tracked
 * tensors). Every intermediate is freed when the composed kernel returns.
 */
import type {
  KernelBackend,
  KernelConfig,
  NamedAttrMap,
  NamedTensorInfoMap,
  TensorInfo,
} from '@tensorflow/tfjs';
import type { Tf } from '../tf.ts';

export type Padding = readonly [number, number];

/** What the WebAssembly backend adds to KernelBackend for kernels that work on its memory. */
interface HeapBackend {
  makeOutput(shape: number[], dtype: 'float32' | 'int32'): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array;
}

export class KernelCalls {
  private readonly made: TensorInfo[] = [];

  constructor(
    readonly tf: Tf,
    readonly backend: KernelBackend,
    private readonly backendName: string,
    /** The backend's own kernels that ours replaced: a replacement that delegates calls these. */
    private readonly replaced: ReadonlyMap<string, KernelConfig>,
  ) {}

  /** `inputs` is a name map, or a list for kernels that take one (Pack, AddN, Concat). */
  run(
    kernelName: string,
    inputs: NamedTensorInfoMap | readonly TensorInfo[],
    attrs: object = {},
  ): TensorInfo {
    const config = this.replaced.get(kernelName) ?? this.tf.getKernel(kernelName, this.backendName);
    if (!config) throw new Error(`The ${this.backendName} backend has no ${kernelName} kernel`);
    const result = config.kernelFunc({
      inputs: inputs as NamedTensorInfoMap,
      backend: this.backend,
      // Kernel attrs hold nested arrays (paddings) that tfjs's own ops also pass by cast.
      attrs: attrs as NamedAttrMap,
    });
    const info = Array.isArray(result) ? (result[0] as TensorInfo) : result;
    this.made.push(info);
    return info;
  }

  /**
   * Runs a loop over float32 tensors' memory and returns its output, zero-filled before `body`
   * runs unless `overwrites` says body writes every element. On the WebAssembly backend the
   * arrays are views of its heap (no copies); `body` must not run kernels, since an allocation
   * can move the heap.
   */
  loop<const Inputs extends readonly TensorInfo[]>(
    inputs: Inputs,
    outputShape: readonly number[],
    body: (inputs: { [K in keyof Inputs]: Float32Array }, output: Float32Array) => void,
    { overwrites = false }: { overwrites?: boolean } = {},
  ): TensorInfo {
    type Views = { [K in keyof Inputs]: Float32Array };
    const backend = this.backend as Partial<HeapBackend>;
    if (backend.makeOutput && backend.typedArrayFromHeap) {
      const out = backend.makeOutput([...outputShape], 'float32');
      this.made.push(out);
      const view = backend.typedArrayFromHeap.bind(backend);
      const output = view(out);
      if (!overwrites) output.fill(0);
      body(inputs.map(view) as unknown as Views, output);
      return out;
    }
    const output = new Float32Array(outputShape.reduce((a, b) => a * b, 1));
    body(inputs.map((x) => this.backend.readSync(x.dataId)) as unknown as Views, output);
    const out: TensorInfo = {
      dataId: this.backend.write(output, [...outputShape], 'float32'),
      shape: [...outputShape],
      dtype: 'float32',
    };
    this.made.push(out);
    return out;
  }

  /**
   * Transposes through the lowest-rank equivalent: the backend's transposes are markedly faster
   * at rank 2–3 than at rank 4 (and slow at rank 6), and one that only moves axes of size 1 is a
   * reshape.
   */
  transpose(x: TensorInfo, perm: readonly number[]): TensorInfo {
    const outShape = perm.map((axis) => x.shape[axis] as number);
    const simple = simplifyTranspose(x.shape, perm);
    if (simple.perm.every((axis, i) => axis === i)) return this.reshape(x, outShape);
    const moved = this.run(
      'Transpose',
      { x: this.reshape(x, simple.shape) },
      { perm: simple.perm },
    );
    return this.reshape(moved, outShape);
  }

  /** An int32 tensor holding a copy of `values` (indices for Gather and Scatter kernels). */
  int32(values: Int32Array, shape: readonly number[]): TensorInfo {
    const backend = this.backend as Partial<HeapBackend>;
    let out: TensorInfo;
    if (backend.makeOutput && backend.typedArrayFromHeap) {
      out = backend.makeOutput([...shape], 'int32');
      // The backend's view has the tensor's dtype; reinterpreting it keeps this typing honest.
      const heap = backend.typedArrayFromHeap(out);
      new Int32Array(heap.buffer, heap.byteOffset, values.length).set(values);
    } else {
      out = {
        dataId: this.backend.write(values.slice(), [...shape], 'int32'),
        shape: [...shape],
        dtype: 'int32',
      };
    }
    this.made.push(out);
    return out;
  }

  reshape(x: TensorInfo, shape: readonly number[]): TensorInfo {
    return this.run('Reshape', { x }, { shape: [...shape] });
  }

  reverse(x: TensorInfo, dims: readonly number[]): TensorInfo {
    return this.run('Reverse', { x }, { dims: [...dims] });
  }

  pad(x: TensorInfo, paddings: readonly Padding[], constantValue = 0): TensorInfo {
    if (paddings.every(([before, after]) => before === 0 && after === 0)) return x;
    return this.run('PadV2', { x }, { paddings: paddings.map((p) => [...p]), constantValue });
  }

  slice(x: TensorInfo, begin: readonly number[], size: readonly number[]): TensorInfo {
    return this.run('Slice', { x }, { begin: [...begin], size: [...size] });
  }

  /**
   * Pads (positive amounts) or crops (negative amounts) the spatial axes of an NHWC tensor.
   */
  padOrCrop(
    x: TensorInfo,
    amounts: { top: number; bottom: number; left: number; right: number },
    constantValue = 0,
  ): TensorInfo {
    const { top, bottom, left, right } = amounts;
    const [n, height, width, channels] = x.shape as [number, number, number, number];
    const cropTop = Math.max(-top, 0);
    const cropLeft = Math.max(-left, 0);
    const keptHeight = height - cropTop - Math.max(-bottom, 0);
    const keptWidth = width - cropLeft - Math.max(-right, 0);
    const cropped =
      keptHeight === height && keptWidth === width
        ? x
        : this.slice(x, [0, cropTop, cropLeft, 0], [n, keptHeight, keptWidth, channels]);
    const pads: Padding[] = [
      [0, 0],
      [Math.max(top, 0), Math.max(bottom, 0)],
      [Math.max(left, 0), Math.max(right, 0)],
      [0, 0],
    ];
    return this.pad(cropped, pads, constantValue);
  }

  sum(x: TensorInfo, axis: readonly number[]): TensorInfo {
    return this.run('Sum', { x }, { axis: [...axis], keepDims: false });
  }

  /** Frees every intermediate except `result`, which the engine takes over. */
  finish(result: TensorInfo | null): void {
    for (const info of this.made) {
      if (info !== result) this.backend.disposeData(info.dataId);
    }
    this.made.length = 0;
  }
}

/** A kernel we register for a backend: one file each, listed in registry.ts. */
export interface FastKernel {
  kernelName: string;
  /**
   * Why we register it: the backend lacks it, its own is much slower, or its own gives wrong
   * answers (see docs/training-speed.md).
   */
  because: 'missing' | 'faster' | 'incorrect';
  run(calls: KernelCalls, inputs: NamedTensorInfoMap, attrs: NamedAttrMap): TensorInfo;
}

/**
 * The same transpose over fewer axes: axes of size 1 dropped, and input axes that stay next to
 * each other in the output merged into one.
 */
export function simplifyTranspose(
  shape: readonly number[],
  perm: readonly number[],
): { shape: number[]; perm: number[] } {
  const kept = perm.filter((axis) => (shape[axis] as number) !== 1);
  // Runs of input axes that appear consecutively, in output order.
  const runs: number[][] = [];
  for (const axis of kept) {
    const last = runs.at(-1);
    const previous = last?.at(-1);
    if (last && previous !== undefined && nextKept(shape, previous) === axis) last.push(axis);
    else runs.push([axis]);
  }
  const byInputOrder = [...runs].sort((a, b) => (a[0] as number) - (b[0] as number));
  return {
    shape: byInputOrder.map((run) => run.reduce((size, axis) => size * (shape[axis] as number), 1)),
    perm: runs.map((run) => byInputOrder.indexOf(run)),
  };
}

/** The next input axis after `axis` whose size is not 1, or -1. */
function nextKept(shape: readonly number[], axis: number): number {
  for (let next = axis + 1; next < shape.length; next++) if (shape[next] !== 1) return next;
  return -1;
}
