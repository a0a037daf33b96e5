/**
 * Turns the schema's complaints into coded problems a learner can act on. zod says "Invalid
 * input: expected number, received string"; a learner wants to hear what the field needs, what
 * the file holds there, and where.
 */
import type { z } from 'zod';
import { problem } from './errors.ts';
import type { Problem } from './errors.ts';

type Issue = z.core.$ZodIssue;

/** `nodes[2].params.filters`, the way a person reading the JSON would point at it. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, i) =>
      typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`,
    )
    .join('');
}

/**
 * A short description of any value, safe for hostile input: it never serializes more than a
 * few characters, so a 19 MB string or a million-deep array cannot blow up a message.
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (typeof value === 'string') {
    return value.length <= 40 ? JSON.stringify(value) : `a text of ${value.length} characters`;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    const short = value.length <= 8 && value.every((v) => typeof v === 'number');
    if (short) return `[${value.join(', ')}]`;
    return `a list of ${value.length} ${value.length === 1 ? 'entry' : 'entries'}`;
  }
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

const kindNames: Record<string, string> = {
  number: 'a number',
  int: 'a whole number',
  string: 'text',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
};

export function schemaProblem(issue: Issue, input: unknown): Problem {
  const path = formatPath(issue.path);
  const found = describeValue(valueAt(input, issue.path));
  const where = { path };
  const isDocumentList = /^(nodes|edges|groups)$/.test(path);
  switch (issue.code) {
    case 'invalid_type': {
      const want = kindNames[issue.expected] ?? issue.expected;
      return found === 'missing'
        ? problem('E003', `A required field is missing: it should be ${want}.`, where)
        : problem('E003', `This should be ${want}, but is ${found}.`, where);
    }
    case 'invalid_union':
      return problem(
        'E003',
        issue.path.includes('params')
          ? `A parameter should be a number, a text, true or false, or a list of up to 16 numbers, but is ${found}.`
          : `This value is of no allowed kind: ${found}.`,
        where,
      );
    case 'invalid_value':
      return problem(
        'E003',
        `This should be ${issue.values.map((v) => describeValue(v)).join(' or ')}, but is ${found}.`,
        where,
      );
    case 'too_big':
      return problem(
        isDocumentList ? 'E008' : 'E003',
        `This is ${found}, above the limit of ${String(issue.maximum)}${unit(issue.origin)}.`,
        where,
      );
    case 'too_small':
      return problem(
        'E003',
        issue.origin === 'string' && Number(issue.minimum) === 1
          ? 'This must not be empty.'
          : `This is ${found}, below the minimum of ${String(issue.minimum)}${unit(issue.origin)}.`,
        where,
      );
    case 'invalid_format':
      return problem('E003', `This ${issue.message}, but is ${found}.`, where);
    default:
      return problem('E003', `${issue.message}.`, where);
  }
}

function unit(origin: string): string {
  if (origin === 'string') return ' characters';
  if (origin === 'array' || origin === 'set') return ' entries';
  return '';
}

/** The value at a schema path, looking only at own properties (never the prototype chain). */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let at = input;
  for (const key of path) {
    if (typeof at !== 'object' || at === null || typeof key === 'symbol') return undefined;
    if (!Object.hasOwn(at, key)) return undefined;
    at = (at as Record<string | number, unknown>)[key];
  }
  return at;
}
