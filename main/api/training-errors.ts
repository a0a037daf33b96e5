/**
 * The engine's coded problems (graph E0xx, data and run E2xx) as API failures: the code travels
 * apart from the sentence, so the window can show both without repeating the code.
 */
import { TrainingError } from '../../app/engine/training-errors.ts';
import type { GraphDocument } from '../../app/graph/document.ts';
import { DocumentError } from '../../app/graph/errors.ts';
import { parseDocument } from '../../app/graph/load.ts';
import { ApiFailure } from './failure.ts';

/** A document from the renderer, validated (it is not trusted), or A005 with every problem. */
export function documentFrom(raw: unknown): GraphDocument {
  return asApiFailure(() => parseDocument(raw));
}

/** Runs `work`, turning the engine's coded errors into ApiFailures; anything else passes through. */
export function asApiFailure<T>(work: () => T): T {
  let result: T;
  try {
    result = work();
  } catch (err) {
    throw translate(err);
  }
  if (result instanceof Promise) {
    return result.catch((err: unknown) => {
      throw translate(err);
    }) as T;
  }
  return result;
}

function translate(err: unknown): unknown {
  if (err instanceof TrainingError) {
    return new ApiFailure(err.code, err.message.replace(/^[EW]\d{3} /, ''));
  }
  if (err instanceof DocumentError) {
    const problems = err.problems.map((p) => ({
      code: p.code,
      message: p.message,
      ...(p.path ? { path: p.path } : {}),
      ...(p.node ? { node: p.node } : {}),
    }));
    return new ApiFailure('A005', problems[0]?.message ?? 'The network is invalid.', problems);
  }
  return err;
}
