/**
 * Every problem Netwright reports has a stable code, so a learner can look it up and a test can
 * assert on it. Document problems (E001–E009) come from loading a file; graph problems
 * (E010 and up) come from inference over a valid document; warnings (W1xx) never block training.
 */
export const problemCodes = {
  E001: 'The file is not readable JSON.',
  E002: 'The file is not a Netwright document of a version this build understands.',
  E003: 'A field has the wrong type or is missing.',
  E004: 'A node uses a layer type the catalog does not know.',
  E005: 'Two items share one id.',
  E006: 'An edge or reference points at something that does not exist.',
  E007: 'A layer parameter is out of range or of the wrong kind.',
  E008: 'The document is too large or too deeply nested to be a network.',
  E009: 'A group reference is broken.',
  E010: 'The graph has a cycle.',
  E011: 'A required input is not connected.',
  E012: 'A merge needs compatible shapes.',
  E013: 'A layer received a tensor of the wrong rank.',
  E014: 'The parameters cannot work with the incoming shape.',
  E015: 'The graph has no Input node.',
  E016: 'The graph has no loss node.',
  E017: 'A node does not lead to any loss.',
  E018: 'A loss cannot match the output it is attached to.',
  E019: 'Too many connections into one input.',
  E020: 'Weight sharing is set up wrongly.',
  E021: 'A loss node closes the graph and cannot feed another node.',
  W101: 'The loss expects probabilities but the output is not squashed.',
  W102: 'A very large layer: training may not fit in memory.',
  W103: 'A layer cannot be exported to one of the code targets (TypeScript, Keras, PyTorch).',
} as const;

export type ProblemCode = keyof typeof problemCodes;

export interface Problem {
  code: ProblemCode;
  /** A sentence a learner understands, ending with the node in parentheses where there is one. */
  message: string;
  severity: 'error' | 'warning';
  /** The node the problem is attached to, if any. */
  node?: string;
  /** The edge the problem is attached to, if any. */
  edge?: string;
  /** Where in the document (JSON path such as `nodes[3].params.filters`), for load errors. */
  path?: string;
}

export function problem(
  code: ProblemCode,
  message: string,
  where: { node?: string; edge?: string; path?: string } = {},
): Problem {
  const severity = code.startsWith('W') ? 'warning' : 'error';
  const suffix = where.node ? ` (node ${where.node})` : where.path ? ` (at ${where.path})` : '';
  return { code, message: `${code} ${message}${suffix}`, severity, ...where };
}

/**
 * Thrown by a catalog entry's shape rule when the incoming shapes or its params cannot work.
 * Inference catches it and attaches it to the node; nothing else should ever see it.
 */
export class LayerShapeError extends Error {
  constructor(
    readonly code: ProblemCode,
    message: string,
  ) {
    super(message);
    this.name = 'LayerShapeError';
  }
}

/** A load or validation failure with every problem found, never a stack trace for the user. */
export class DocumentError extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.map((p) => p.message).join('\n'));
    this.name = 'DocumentError';
  }
}

/** `a → b → c → a`, shortened for long loops so that a message stays one line. */
export function describeLoop(ids: readonly string[]): string {
  const shown = ids.length > 6 ? [...ids.slice(0, 5), `… ${ids.length - 5} more`] : [...ids];
  return [...shown, ids[0] ?? ''].join(' → ');
}
