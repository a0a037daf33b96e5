/**
 * The little schema language catalog entries use to declare their parameters.
 *
 * One declaration serves four readers: the document validator (limits, types), the inspector
 * (form fields, help text), the TypeScript type of an entry's params, and the defaults a new
 * node starts with. Keep it small: every kind here needs a form control in the inspector.
 */

interface ParamBase {
  /** Short label shown in the inspector. */
  label: string;
  /** One or two sentences a learner understands; the inspector shows it under the field. */
  help: string;
}

export interface IntParam extends ParamBase {
  kind: 'int';
  default: number;
  min: number;
  max: number;
}

export interface FloatParam extends ParamBase {
  kind: 'float';
  default: number;
  min: number;
  max: number;
  /** Whether min itself is allowed (a dropout rate of 0 is fine, a learning rate of 0 is not). */
  minExclusive?: boolean;
  maxExclusive?: boolean;
}

export interface BoolParam extends ParamBase {
  kind: 'bool';
  default: boolean;
}

export interface EnumParam<O extends readonly string[] = readonly string[]> extends ParamBase {
  kind: 'enum';
  options: O;
  default: O[number];
}

/** A fixed-length tuple of integers, such as a kernel size [3, 3]. */
export interface IntTupleParam extends ParamBase {
  kind: 'ints';
  length: number;
  default: readonly number[];
  min: number;
  max: number;
}

/** A list of integers of a length within bounds, such as a Reshape target shape. */
export interface IntListParam extends ParamBase {
  kind: 'intList';
  minLength: number;
  maxLength: number;
  default: readonly number[];
  min: number;
  max: number;
}

export type ParamDef = IntParam | FloatParam | BoolParam | EnumParam | IntTupleParam | IntListParam;

export type ParamSchema = Readonly<Record<string, ParamDef>>;

type ValueOf<D> = D extends IntParam | FloatParam
  ? number
  : D extends BoolParam
    ? boolean
    : D extends EnumParam<infer O>
      ? O[number]
      : D extends IntTupleParam | IntListParam
        ? number[]
        : never;

/** The params object of a node whose entry declares schema S. */
export type ParamValues<S extends ParamSchema> = { -readonly [K in keyof S]: ValueOf<S[K]> };

/** The values a fresh node of this schema starts with. */
export function defaultParams<S extends ParamSchema>(schema: S): ParamValues<S> {
  const out: Record<string, unknown> = {};
  for (const [key, def] of Object.entries(schema)) {
    out[key] = Array.isArray(def.default) ? [...(def.default as number[])] : def.default;
  }
  return out as ParamValues<S>;
}

/** Why a value does not fit its definition, or null when it fits. */
export function checkParamValue(def: ParamDef, value: unknown): string | null {
  switch (def.kind) {
    case 'int':
      if (typeof value !== 'number' || !Number.isInteger(value)) return 'must be a whole number';
      if (value < def.min || value > def.max) return `must be between ${def.min} and ${def.max}`;
      return null;
    case 'float': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be a finite number';
      const low = def.minExclusive ? value <= def.min : value < def.min;
      const high = def.maxExclusive ? value >= def.max : value > def.max;
      if (low || high) {
        const lo = def.minExclusive ? `above ${def.min}` : `at least ${def.min}`;
        const hi = def.maxExclusive ? `below ${def.max}` : `at most ${def.max}`;
        return `must be ${lo} and ${hi}`;
      }
      return null;
    }
    case 'bool':
      return typeof value === 'boolean' ? null : 'must be true or false';
    case 'enum':
      return typeof value === 'string' && def.options.includes(value)
        ? null
        : `must be one of ${def.options.join(', ')}`;
    case 'ints':
    case 'intList': {
      if (!Array.isArray(value)) return 'must be a list of whole numbers';
      const [lo, hi] =
        def.kind === 'ints' ? [def.length, def.length] : [def.minLength, def.maxLength];
      if (value.length < lo || value.length > hi) {
        return lo === hi ? `must have ${lo} entries` : `must have ${lo} to ${hi} entries`;
      }
      for (const v of value as unknown[]) {
        if (typeof v !== 'number' || !Number.isInteger(v)) return 'must be a list of whole numbers';
        if (v < def.min || v > def.max) return `entries must be between ${def.min} and ${def.max}`;
      }
      return null;
    }
  }
}

/** Params with defaults filled in for keys the document leaves out (older files, hand-written JSON). */
export function withDefaults<S extends ParamSchema>(
  schema: S,
  params: Readonly<Record<string, unknown>>,
): ParamValues<S> {
  return { ...defaultParams(schema), ...params };
}

// Helpers that keep catalog entries short and their literal types narrow.
export const int = (d: Omit<IntParam, 'kind'>): IntParam => ({ kind: 'int', ...d });
export const float = (d: Omit<FloatParam, 'kind'>): FloatParam => ({ kind: 'float', ...d });
export const bool = (d: Omit<BoolParam, 'kind'>): BoolParam => ({ kind: 'bool', ...d });
export const ints = (d: Omit<IntTupleParam, 'kind'>): IntTupleParam => ({ kind: 'ints', ...d });
export const intList = (d: Omit<IntListParam, 'kind'>): IntListParam => ({ kind: 'intList', ...d });
export function oneOf<const O extends readonly string[]>(
  d: Omit<EnumParam<O>, 'kind'>,
): EnumParam<O> {
  return { kind: 'enum', ...d };
}
