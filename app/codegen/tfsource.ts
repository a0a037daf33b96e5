/**
 * Prints the catalog's TfCall descriptions as TypeScript source for the tfjs API, the mirror of
 * app/engine/resolve.ts. Short configs stay on one line; long ones break one property per line.
 */
import { TfCall } from '../layers/tfcall.ts';
import type { TfArgs, TfValue } from '../layers/tfcall.ts';
import { initializerName, withoutDefaults } from './tfjs-defaults.ts';

const LINE = 100;

export function callSource(call: TfCall, indent = ''): string {
  const fn = call.path.startsWith('netwright.')
    ? `new ${customClassName(call.path)}`
    : `tf.${call.path}`;
  const args = withoutDefaults(call);
  if (Array.isArray(args)) {
    return `${fn}(${args.map((v: TfValue) => valueSource(v, indent)).join(', ')})`;
  }
  return `${fn}(${objectSource(args as TfArgs, indent)})`;
}

export function customClassName(path: string): string {
  const name = path.slice('netwright.'.length);
  return name.charAt(0).toUpperCase() + name.slice(1);
}

export function valueSource(value: TfValue, indent = ''): string {
  if (value instanceof TfCall) {
    const name = initializerName(value);
    return name === null ? callSource(value, indent) : valueSource(name);
  }
  if (Array.isArray(value))
    return `[${value.map((v: TfValue) => valueSource(v, indent)).join(', ')}]`;
  if (value === null) return 'null';
  if (typeof value === 'object') return objectSource(value as TfArgs, indent);
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  return String(value);
}

export function objectSource(args: TfArgs, indent = ''): string {
  const entries = Object.entries(args).filter((e): e is [string, TfValue] => e[1] !== undefined);
  if (entries.length === 0) return '{}';
  const key = (k: string) => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : `'${k}'`);
  const flat = `{ ${entries.map(([k, v]) => `${key(k)}: ${valueSource(v, indent)}`).join(', ')} }`;
  if (flat.length + indent.length <= LINE - 30) return flat;
  const inner = indent + '  ';
  return `{\n${entries.map(([k, v]) => `${inner}${key(k)}: ${valueSource(v, inner)},`).join('\n')}\n${indent}}`;
}
