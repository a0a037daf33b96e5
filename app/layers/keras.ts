/**
 * Reading Keras layer configs, for the catalog entries' `fromKeras` (see spec.ts). Keras 2, Keras 3
 * and TensorFlow.js all write a layer as `{ class_name, config }` with snake_case config keys; they
 * differ in details (an initializer is a name, a `{class_name, config}` object, or one with a
 * `module`), which this reader hides so an entry's import stays a few lines.
 *
 * Policy, so an imported graph computes what the original computed:
 * - a setting that changes what the layer computes and the catalog cannot express (a GRU with
 *   `reset_after`, channels-first data) throws {@link KerasConfigError}, which the importer
 *   reports as E007 with the layer's name;
 * - a setting that only shapes training from scratch (an unusual initializer, a bias regularizer,
 *   recurrent dropout) is left out with a note the importer shows, never silently.
 */
import { activationNames, initializerNames } from './common.ts';
import type { ActivationName, InitializerName } from './common.ts';

export type KerasConfig = Readonly<Record<string, unknown>>;

/** A Keras setting the catalog cannot express; the message names the setting and its value. */
export class KerasConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KerasConfigError';
  }
}

/** Keras's activation identifiers for the catalog's activations (Keras 3 writes swish as silu). */
const kerasActivations: Readonly<Record<string, ActivationName>> = {
  ...Object.fromEntries(activationNames.map((a) => [a.toLowerCase(), a])),
  silu: 'swish',
};

/** VarianceScaling settings of the named initializers, as tfjs and Keras 2 write them. */
const varianceScaled: readonly {
  name: InitializerName;
  scale: number;
  mode: string;
  uniform: boolean;
}[] = [
  { name: 'glorotUniform', scale: 1, mode: 'fan_avg', uniform: true },
  { name: 'glorotNormal', scale: 1, mode: 'fan_avg', uniform: false },
  { name: 'heNormal', scale: 2, mode: 'fan_in', uniform: false },
  { name: 'heUniform', scale: 2, mode: 'fan_in', uniform: true },
  { name: 'leCunNormal', scale: 1, mode: 'fan_in', uniform: false },
];

/** `he_normal`, `HeNormal`, `heNormal` → `henormal`: the spellings Keras and tfjs use. */
export function normalizedName(name: string): string {
  return name.replace(/_/g, '').toLowerCase();
}

const initializerByName = new Map<string, InitializerName>(
  initializerNames.map((n) => [normalizedName(n), n]),
);

export class KerasReader {
  /**
   * Axes this layer claims are the last axis of its input (Keras 2 writes a built batch norm's
   * axis as `[3]`). Only the importer knows the input's rank, so it checks them after inference.
   */
  readonly lastAxisClaims: number[] = [];

  constructor(
    readonly className: string,
    readonly config: KerasConfig,
    /** The layer's name, for messages. */
    readonly layerName: string,
    /** Settings left out, in sentences for the import report (shared with nested readers). */
    readonly notes: string[] = [],
  ) {}

  /** A reader for a layer inside this one (the recurrent layer a Bidirectional wraps). */
  nested(key: string): KerasReader {
    const value = this.raw(key);
    const name = className(value);
    if (name === null) throw this.wrong(key, 'a layer');
    return new KerasReader(name, configOf(value), this.layerName, this.notes);
  }

  /** An error about this layer, for settings no reader method covers. */
  fail(message: string): KerasConfigError {
    return new KerasConfigError(`${this.what()} ${message}`);
  }

  has(key: string): boolean {
    return Object.hasOwn(this.config, key) && this.config[key] !== null;
  }

  private raw(key: string): unknown {
    return Object.hasOwn(this.config, key) ? this.config[key] : undefined;
  }

  number(key: string, fallback: number): number {
    const value = this.raw(key);
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'number' || !Number.isFinite(value)) throw this.wrong(key, 'a number');
    return value;
  }

  bool(key: string, fallback: boolean): boolean {
    const value = this.raw(key);
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'boolean') throw this.wrong(key, 'true or false');
    return value;
  }

  string(key: string, fallback: string): string {
    const value = this.raw(key);
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'string') throw this.wrong(key, 'a text');
    return value;
  }

  /** An enum setting; any other value cannot be expressed. */
  oneOf<const O extends readonly string[]>(
    key: string,
    options: O,
    fallback: O[number],
  ): O[number] {
    const value = this.string(key, fallback);
    if (!options.includes(value))
      throw this.unsupported(key, value, `one of ${options.join(', ')}`);
    return value;
  }

  /** A list of whole numbers of the given length; a single number stands for all of them. */
  ints(key: string, length: number, fallback: readonly number[]): number[] {
    const value = this.raw(key);
    if (value === undefined || value === null) return [...fallback];
    const list = typeof value === 'number' ? Array.from({ length }, () => value) : value;
    if (
      !Array.isArray(list) ||
      list.length !== length ||
      !list.every((v) => typeof v === 'number' && Number.isInteger(v))
    ) {
      throw this.wrong(key, `${length} whole number${length > 1 ? 's' : ''}`);
    }
    return list as number[];
  }

  /**
   * Top, bottom, left, right, from Keras's three spellings: `n` (all round), `[rows, columns]`
   * (symmetric) and `[[top, bottom], [left, right]]`.
   */
  sides(key: string, fallback: readonly number[]): number[] {
    const value = this.raw(key);
    if (value === undefined || value === null) return [...fallback];
    const whole = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
    if (whole(value)) return [value, value, value, value];
    if (Array.isArray(value) && value.length === 2) {
      const [rows, columns] = value as unknown[];
      if (whole(rows) && whole(columns)) return [rows, rows, columns, columns];
      if (Array.isArray(rows) && Array.isArray(columns)) {
        const flat = [...(rows as unknown[]), ...(columns as unknown[])];
        if (flat.length === 4 && flat.every(whole)) return flat;
      }
    }
    throw this.wrong(key, 'n, [rows, columns] or [[top, bottom], [left, right]]');
  }

  /** One whole number, also accepted as a one-element list (Conv1D's `kernel_size: [3]`). */
  int(key: string, fallback: number): number {
    const value = this.raw(key);
    if (Array.isArray(value) && value.length === 1)
      return this.ints(key, 1, [fallback])[0] ?? fallback;
    const n = this.number(key, fallback);
    if (!Number.isInteger(n)) throw this.wrong(key, 'a whole number');
    return n;
  }

  /** A batch shape (`[null, 28, 28, 1]`): whole numbers, null where the size is not fixed. */
  dims(key: string): (number | null)[] {
    const value = this.raw(key);
    if (
      !Array.isArray(value) ||
      !value.every((v) => v === null || (typeof v === 'number' && Number.isInteger(v)))
    ) {
      throw this.wrong(key, 'a shape (a list of whole numbers or nulls)');
    }
    return value as (number | null)[];
  }

  /**
   * An axis setting that must mean "the last axis": -1 (or `[-1]`), or a positive axis that the
   * importer checks against the input's rank once shapes are known.
   */
  lastAxis(key: string): void {
    const value = this.raw(key) ?? -1;
    const axes: unknown[] = Array.isArray(value) ? value : [value];
    const [axis] = axes;
    if (axes.length !== 1 || typeof axis !== 'number' || !Number.isInteger(axis)) {
      throw this.fail(
        `normalizes over ${key} = ${JSON.stringify(value)}; Netwright normalizes over the last axis only.`,
      );
    }
    if (axis >= 0) this.lastAxisClaims.push(axis);
    else if (axis !== -1) {
      throw this.fail(
        `normalizes over axis ${axis}; Netwright normalizes over the last axis only.`,
      );
    }
  }

  /** Refuses any value but the expected ones (absent counts as the first). */
  expect(key: string, allowed: readonly unknown[], why: string): void {
    const value = this.raw(key) ?? allowed[0];
    if (!allowed.some((a) => JSON.stringify(a) === JSON.stringify(value))) {
      throw new KerasConfigError(
        `${this.what()} has ${key} = ${JSON.stringify(value)}, which Netwright cannot express: ${why}`,
      );
    }
  }

  /** Records a training-only setting that is left out, when it differs from Keras's default. */
  ignore(key: string, isDefault: (value: unknown) => boolean, consequence: string): void {
    const value = this.raw(key);
    if (value === undefined || value === null || isDefault(value)) return;
    this.notes.push(`${this.what()}: ${key} ${JSON.stringify(value)} is left out; ${consequence}.`);
  }

  /** The `activation` param (and `alpha` for leaky ReLU) from a Keras activation setting. */
  activation(
    key = 'activation',
  ): { activation: ActivationName } | { activation: 'leakyRelu'; alpha: number } {
    const value = this.raw(key);
    const name =
      value === undefined || value === null
        ? 'linear'
        : typeof value === 'string'
          ? value
          : className(value);
    const found = name === null ? undefined : kerasActivations[normalizedName(name)];
    if (!found) {
      throw new KerasConfigError(
        `${this.what()} uses the activation ${JSON.stringify(name ?? value)}, which the catalog does not have (it has ${activationNames.join(', ')}).`,
      );
    }
    // Keras 3's 'leaky_relu' activation uses its default slope of 0.2.
    return found === 'leakyRelu' ? { activation: 'leakyRelu', alpha: 0.2 } : { activation: found };
  }

  /**
   * The weight params every weighted entry shares (common.ts `weightParams`): initializers,
   * the kernel's L1/L2 strengths and trainability. `kernelKeys` name the kernels whose settings
   * the one kernel param stands for (SeparableConv2D has depthwise and pointwise).
   */
  weights(
    kernelKeys: readonly string[] = ['kernel'],
    hasBias = true,
  ): {
    kernelInitializer: InitializerName;
    kernelStddev: number;
    biasInitializer: InitializerName;
    l1: number;
    l2: number;
    trainable: boolean;
  } {
    const [first = 'kernel'] = kernelKeys;
    const kernel = this.initializer(`${first}_initializer`, 'glorotUniform');
    const bias = hasBias
      ? this.initializer('bias_initializer', 'zeros')
      : { name: 'zeros' as const, stddev: undefined };
    const { l1, l2 } = this.regularizer(`${first}_regularizer`);
    for (const other of kernelKeys.slice(1)) {
      const init = this.initializer(`${other}_initializer`, 'glorotUniform');
      const reg = this.regularizer(`${other}_regularizer`);
      if (init.name !== kernel.name || reg.l1 !== l1 || reg.l2 !== l2) {
        this.notes.push(
          `${this.what()}: ${other} takes the ${first} kernel's initializer and regularizer, since Netwright has one setting for both.`,
        );
      }
    }
    const stddev = kernel.stddev ?? bias.stddev ?? 0.01;
    if (kernel.stddev !== undefined && bias.stddev !== undefined && bias.stddev !== kernel.stddev) {
      this.notes.push(
        `${this.what()}: the bias's random normal starts with the kernel's standard deviation ${stddev}.`,
      );
    }
    for (const key of ['bias_regularizer', 'activity_regularizer']) {
      this.ignore(key, () => false, 'Netwright regularizes kernels only');
    }
    for (const key of ['kernel_constraint', 'bias_constraint']) {
      this.ignore(key, () => false, 'Netwright has no weight constraints');
    }
    return {
      kernelInitializer: kernel.name,
      kernelStddev: stddev,
      biasInitializer: bias.name,
      l1,
      l2,
      trainable: this.bool('trainable', true),
    };
  }

  private initializer(
    key: string,
    fallback: InitializerName,
  ): { name: InitializerName; stddev?: number } {
    const value = this.raw(key);
    if (value === undefined || value === null) return { name: fallback };
    const name = typeof value === 'string' ? value : className(value);
    const config = typeof value === 'object' ? configOf(value) : {};
    const normalized = name === null ? '' : normalizedName(name);
    if (normalized === 'variancescaling') {
      const scale = config.scale;
      const mode = config.mode;
      const uniform = config.distribution === 'uniform';
      const known = varianceScaled.find(
        (v) => v.scale === scale && v.mode === mode && v.uniform === uniform,
      );
      if (known) return { name: known.name };
    } else if (normalized === 'randomnormal') {
      const mean = typeof config.mean === 'number' ? config.mean : 0;
      const stddev = typeof config.stddev === 'number' ? config.stddev : 0.05;
      if (mean === 0 && stddev > 0) return { name: 'randomNormal', stddev };
    } else {
      const known = initializerByName.get(normalized);
      if (known) return { name: known };
    }
    this.notes.push(
      `${this.what()}: ${key} ${JSON.stringify(value)} is not one Netwright offers, so it starts from ${fallback} instead (this matters only when training from scratch).`,
    );
    return { name: fallback };
  }

  private regularizer(key: string): { l1: number; l2: number } {
    const value = this.raw(key);
    if (value === undefined || value === null) return { l1: 0, l2: 0 };
    const name = typeof value === 'string' ? value : className(value);
    const config = typeof value === 'object' ? configOf(value) : {};
    const strength = (k: string, fallback: number) =>
      typeof config[k] === 'number' ? config[k] : fallback;
    switch (name === null ? '' : normalizedName(name)) {
      case 'l1l2':
        return { l1: strength('l1', 0), l2: strength('l2', 0) };
      case 'l1':
        return { l1: strength('l1', 0.01), l2: 0 };
      case 'l2':
        return { l1: 0, l2: strength('l2', 0.01) };
    }
    this.notes.push(
      `${this.what()}: ${key} ${JSON.stringify(value)} is not an L1/L2 penalty, so it is left out.`,
    );
    return { l1: 0, l2: 0 };
  }

  private what(): string {
    return `${this.className} "${this.layerName}"`;
  }

  private wrong(key: string, want: string): KerasConfigError {
    return new KerasConfigError(
      `${this.what()} has ${key} = ${JSON.stringify(this.raw(key))}; it should be ${want}.`,
    );
  }

  private unsupported(key: string, value: unknown, what: string): KerasConfigError {
    return new KerasConfigError(
      `${this.what()} has ${key} = ${JSON.stringify(value)}; Netwright supports ${what}.`,
    );
  }
}

/** The class name of a serialized Keras object (`{ class_name, config }`), or null. */
export function className(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const name = (value as Record<string, unknown>).class_name;
  return typeof name === 'string' ? name : null;
}

/** The config of a serialized Keras object, or an empty one. */
export function configOf(value: unknown): KerasConfig {
  if (typeof value !== 'object' || value === null) return {};
  const config = (value as Record<string, unknown>).config;
  return typeof config === 'object' && config !== null && !Array.isArray(config)
    ? (config as KerasConfig)
    : {};
}
