/**
 * A synthetic task for recurrent models: sequences of tokens whose class depends on the whole
 * sequence, so a model must carry information across time steps to score well.
 * - contains: does token 0 occur anywhere? Half the sequences have it (at random places), so a
 *   constant guess scores 50%.
 * - majority: which token occurs most often (ties go to the smaller token)?
 * Tokens come one-hot (`[length, vocabulary]`, for a sequence input) or as ids (`[length]`, for a
 * tokens input feeding an Embedding).
 */
import type { Random } from './random.ts';
import { memorySource } from './source.ts';
import type { SampleSource } from './source.ts';

export const sequenceTasks = ['contains', 'majority'] as const;
export type SequenceTask = (typeof sequenceTasks)[number];

export interface SequenceOptions {
  count: number;
  length: number;
  vocabulary: number;
  task: SequenceTask;
  encoding: 'one-hot' | 'ids';
}

function containsSequence(
  length: number,
  vocabulary: number,
  has: boolean,
  random: Random,
): number[] {
  // Without the token: draw from 1 … V−1. With it: also place it at 1 to 3 random steps.
  const tokens = Array.from({ length }, () => 1 + random.int(vocabulary - 1));
  if (has) {
    const places = 1 + random.int(Math.min(3, length));
    for (let i = 0; i < places; i++) tokens[random.int(length)] = 0;
  }
  return tokens;
}

function majorityOf(tokens: readonly number[], vocabulary: number): number {
  const counts = new Array<number>(vocabulary).fill(0);
  for (const t of tokens) counts[t] = (counts[t] as number) + 1;
  let best = 0;
  for (let t = 1; t < vocabulary; t++)
    if ((counts[t] as number) > (counts[best] as number)) best = t;
  return best;
}

export function sequenceSet(options: SequenceOptions, random: Random): SampleSource {
  const { count, length, vocabulary, task, encoding } = options;
  const width = encoding === 'one-hot' ? length * vocabulary : length;
  const x = new Float32Array(count * width);
  const y = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    let tokens: number[];
    if (task === 'contains') {
      const has = i % 2 === 1;
      tokens = containsSequence(length, vocabulary, has, random);
      y[i] = has ? 1 : 0;
    } else {
      tokens = Array.from({ length }, () => random.int(vocabulary));
      y[i] = majorityOf(tokens, vocabulary);
    }
    tokens.forEach((token, step) => {
      if (encoding === 'one-hot') x[i * width + step * vocabulary + token] = 1;
      else x[i * width + step] = token;
    });
  }
  const classNames =
    task === 'contains'
      ? ['no', 'yes']
      : Array.from({ length: vocabulary }, (_, t) => `token ${t}`);
  return memorySource({
    description: `sequence ${task} (${count} × ${length} tokens of ${vocabulary})`,
    x,
    y,
    featureShape: encoding === 'one-hot' ? [length, vocabulary] : [length],
    featureKind: encoding === 'one-hot' ? 'sequence' : 'tokens',
    labels: { kind: 'classes', classNames },
  });
}
