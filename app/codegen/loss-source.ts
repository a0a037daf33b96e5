/**
 * Prints the engine's loss plans (app/engine/losses.ts) as TypeScript, the mirror of
 * `resolveLosses`: the exported model is scored by the very functions the app trains with.
 */
import type { LossPlan, LossTerm } from '../engine/losses.ts';
import { valueSource } from './tfsource.ts';

export function lossPlanSource(plan: LossPlan): string {
  if (plan.kind === 'named') return valueSource(plan.name);
  const { body } = plan;
  // `tf.metrics.meanSquaredError` reads better than an arrow that only forwards its arguments.
  const forwards =
    body.op === 'call' &&
    body.args.length === 2 &&
    body.args.every((a, i) => a.op === 'arg' && a.name === (i === 0 ? 'yTrue' : 'yPred'));
  if (forwards) return `tf.${body.path}`;
  return `(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor => ${termSource(body)}`;
}

function termSource(term: LossTerm): string {
  switch (term.op) {
    case 'arg':
      return term.name;
    case 'const':
      return term.value === undefined ? 'undefined' : valueSource(term.value);
    case 'call':
      return `tf.${term.path}(${term.args.map(termSource).join(', ')})`;
  }
}
