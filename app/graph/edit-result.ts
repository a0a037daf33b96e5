/**
 * What every edit operation returns: a new document, or a coded refusal. Refusing is an
 * ordinary outcome (a user tried to wire a loss into a layer), so it is a value, not an exception.
 */
import { documentLimits } from './document.ts';
import type { GraphDocument, GraphNode } from './document.ts';
import { problem } from './errors.ts';
import type { Problem, ProblemCode } from './errors.ts';

export type Edited<Extra extends object = object> = { ok: true; doc: GraphDocument } & Extra;

export interface Refused {
  ok: false;
  /** Why, as a coded sentence the UI can show next to what the user tried. */
  error: Problem;
}

export type EditResult<Extra extends object = object> = Edited<Extra> | Refused;

export type Position = GraphNode['position'];

export function edited<Extra extends object>(doc: GraphDocument, extra: Extra): Edited<Extra> {
  return { ok: true, doc, ...extra };
}

export function refuse(code: ProblemCode, message: string, node?: string): Refused {
  return { ok: false, error: problem(code, message, node === undefined ? {} : { node }) };
}

/** The document's coordinate range, so a node dragged absurdly far still saves and loads. */
const COORDINATE_LIMIT = 1e7;

export function clampPosition(p: Position): Position {
  const clamp = (v: number) => Math.min(COORDINATE_LIMIT, Math.max(-COORDINATE_LIMIT, v));
  return { x: clamp(p.x), y: clamp(p.y) };
}

export function isFinitePosition(p: Position): boolean {
  return Number.isFinite(p.x) && Number.isFinite(p.y);
}

/** A refusal when adding `count` more items of a kind would pass the document's limit. */
export function overLimit(
  doc: GraphDocument,
  kind: 'nodes' | 'edges' | 'groups',
  count = 1,
): Refused | null {
  const limit = documentLimits[kind];
  return doc[kind].length + count > limit
    ? refuse('E008', `A document holds at most ${limit.toLocaleString('en-US')} ${kind}.`)
    : null;
}

/** A copy of `obj` without `key`: optional fields are left out, never stored as undefined. */
export function omit<T extends object, K extends keyof T>(obj: T, key: K): Omit<T, K> {
  const copy = { ...obj };
  delete copy[key];
  return copy;
}
