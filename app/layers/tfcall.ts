/**
 * A description of a tfjs factory call, such as `tf.layers.conv2d({ filters: 6, kernelSize: [5, 5] })`.
 *
 * Catalog entries describe their tfjs layers as data instead of calling tfjs directly. The compiler
 * turns a TfCall into a real object by looking `path` up on the `tf` namespace it is handed; the
 * TypeScript emitter prints the very same TfCall as source. One description, two readers, so the
 * in-app model and the exported code cannot drift apart.
 */
export class TfCall {
  constructor(
    /** Dotted path under `tf`, e.g. `layers.conv2d` or `initializers.heNormal`. */
    readonly path: string,
    /** Named arguments as one config object, or positional arguments as an array. */
    readonly args: TfArgs | readonly TfValue[] = {},
  ) {}
}

export type TfValue = number | string | boolean | null | TfCall | readonly TfValue[] | TfArgs;

export interface TfArgs {
  readonly [key: string]: TfValue | undefined;
}

export function tfCall(path: string, args: TfArgs | readonly TfValue[] = {}): TfCall {
  return new TfCall(path, args);
}
