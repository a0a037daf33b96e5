/**
 * Python source for the values the Keras exporter prints: literals, identifiers and calls with
 * keyword arguments. Number lists print as tuples, as Keras's own examples write shapes and kernel
 * sizes; long calls break one argument per line, as black would.
 */
import { pythonCommentText } from '../identifiers.ts';

export type PyValue =
  | number
  | string
  | boolean
  | null
  | readonly PyValue[]
  | PyCall
  | PyCode
  | { readonly [key: string]: PyValue };

/** A call: `layers.Dense(64, activation='relu')`. */
export interface PyCall {
  readonly kind: 'call';
  readonly callee: string;
  readonly args: readonly PyValue[];
  readonly kwargs: readonly (readonly [string, PyValue])[];
}

/** Source text used as it is (a variable name). */
export interface PyCode {
  readonly kind: 'code';
  readonly code: string;
}

export function pyCall(
  callee: string,
  args: readonly PyValue[] = [],
  kwargs: readonly (readonly [string, PyValue])[] = [],
): PyCall {
  return { kind: 'call', callee, args, kwargs };
}

export function pyCode(code: string): PyCode {
  return { kind: 'code', code };
}

const LINE = 99;

export function pySource(value: PyValue, indent = ''): string {
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return pyNumber(value);
  if (typeof value === 'string') return pyString(value);
  if (Array.isArray(value)) {
    const items = (value as readonly PyValue[]).map((v) => pySource(v, indent));
    return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
  }
  if (isCall(value)) return callSource(value, indent);
  if (isCode(value)) return value.code;
  const entries = Object.entries(value as Record<string, PyValue>);
  return `{${entries.map(([k, v]) => `${pyString(k)}: ${pySource(v, indent)}`).join(', ')}}`;
}

function callSource(call: PyCall, indent: string): string {
  const inner = indent + '    ';
  const parts = [
    ...call.args.map((a) => pySource(a, inner)),
    ...call.kwargs.map(([k, v]) => `${k}=${pySource(v, inner)}`),
  ];
  const flat = `${call.callee}(${parts.join(', ')})`;
  if (flat.length + indent.length <= LINE - 20 || parts.length <= 1) return flat;
  return `${call.callee}(\n${parts.map((p) => `${inner}${p},`).join('\n')}\n${indent})`;
}

/** A Python list (pySource prints arrays as tuples). */
export function pyList(values: readonly PyValue[]): string {
  return `[${values.map((v) => pySource(v)).join(', ')}]`;
}

/** Python's repr for floats where JavaScript differs (`1e-7` reads the same in both). */
export function pyNumber(n: number): string {
  if (Number.isNaN(n)) return "float('nan')";
  if (!Number.isFinite(n)) return n > 0 ? "float('inf')" : "-float('inf')";
  return String(n);
}

export function pyString(s: string): string {
  // Control characters (a \r, a NUL) would break the line; write them as \xNN / \uNNNN escapes.
  const escaped = s
    .replace(/\\/g, '\\\\')
    .replace(/'/g, "\\'")
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    .replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) => {
      const code = c.charCodeAt(0);
      return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16)}`;
    });
  return `'${escaped}'`;
}

/** `kernelSize` → `kernel_size`, `dilationRate` → `dilation_rate`. */
export function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

const pythonReserved = new Set(
  (
    'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield ' +
    // Names the generated scripts use themselves.
    'tf keras layers np model build_model compile_model input print'
  ).split(' '),
);

/** A node id as a Python variable (ids are already identifiers; keywords get a suffix). */
export function pyName(id: string): string {
  return pythonReserved.has(id) ? `${id}_` : id;
}

/** Text safe inside a `#` comment or a docstring line. */
export const pyComment = pythonCommentText;

function isCall(value: PyValue): value is PyCall {
  return typeof value === 'object' && value !== null && (value as PyCall).kind === 'call';
}

function isCode(value: PyValue): value is PyCode {
  return typeof value === 'object' && value !== null && (value as PyCode).kind === 'code';
}
