/**
 * Text ↔ value for the inspector's fields. People type numbers and lists as text; a field holds
 * what they typed until it parses and fits the catalog's limits, and only then changes the node.
 */
import type { ParamDef } from '../../app/layers/params.ts';
import { checkParamValue } from '../../app/layers/params.ts';
import type { ParamValue } from '../../app/graph/document.ts';

export type Parsed = { ok: true; value: ParamValue } | { ok: false; error: string };

export function parseNumber(text: string, integer: boolean): number | null {
  const trimmed = text.trim();
  if (trimmed === '' || !/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(trimmed)) return null;
  const value = Number(trimmed);
  if (!Number.isFinite(value)) return null;
  return integer && !Number.isInteger(value) ? null : value;
}

/** `28, 28, 1`, `28×28×1`, `28 28 1` and `[28,28,1]` all read as [28, 28, 1]. */
export function parseIntList(text: string): number[] | null {
  const parts = text
    .replace(/[[\]]/g, '')
    .split(/[\s,×x*]+/i)
    .filter(Boolean);
  const values = parts.map((p) => parseNumber(p, true));
  return values.every((v): v is number => v !== null) ? values : null;
}

export function parseParam(def: ParamDef, text: string): Parsed {
  let value: ParamValue | null;
  switch (def.kind) {
    case 'int':
      value = parseNumber(text, true);
      if (value === null) return { ok: false, error: 'Enter a whole number.' };
      break;
    case 'float':
      value = parseNumber(text, false);
      if (value === null) return { ok: false, error: 'Enter a number, such as 0.5 or 1e-3.' };
      break;
    case 'ints':
    case 'intList':
      value = parseIntList(text);
      if (value === null) return { ok: false, error: 'Enter whole numbers separated by commas.' };
      break;
    default:
      return { ok: false, error: 'This setting is not typed in.' };
  }
  const why = checkParamValue(def, value);
  return why ? { ok: false, error: `${def.label} ${why}.` } : { ok: true, value };
}

export function formatParam(value: ParamValue | undefined): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return value.join(', ');
  return String(value);
}
