/**
 * The code panel's pure parts: each language tab's code for a document (regenerated on an edit
 * despite its cache), and export problems (W103) merged into what the canvas shows.
 */
import { describe, expect, it } from 'vitest';
import { problem } from '../../app/graph/errors.ts';
import { inferGraph } from '../../app/graph/infer.ts';
import { codeFor, codeTargets } from '../../renderer/code/code-targets.ts';
import { addProblems, withExportProblems } from '../../renderer/code/shown-problems.ts';
import { chain } from '../helpers/docs.ts';

const cnn = chain(
  ['x', 'Input', { shape: [28, 28, 1] }],
  ['c1', 'Conv2D', { filters: 4 }],
  ['f', 'Flatten'],
  ['out', 'Dense', { units: 10, activation: 'softmax' }],
  ['loss', 'CategoricalCrossentropyLoss'],
);

describe('code tabs', () => {
  // What a reader of each language looks for first.
  const marks = {
    typescript: 'export function buildModel(): tf.LayersModel',
    keras: 'def build_model() -> keras.Model:',
    pytorch: '(nn.Module):',
  } as const;

  it.each(codeTargets.map((t) => t.id))('%s code builds the network', (id) => {
    const { code, error } = codeFor(cnn, id);
    expect(error).toBeNull();
    expect(code).toContain(marks[id]);
    // 3·3·1·4+4 = 40 and 26·26·4·10+10 = 27,050: 27,090 parameters, in every language.
    expect(code).toContain('27,090');
  });

  it('never serves stale code from its cache after an edit', () => {
    expect(codeFor(cnn, 'pytorch').code).toContain('27,090');
    const edited = {
      ...cnn,
      nodes: cnn.nodes.map((n) => (n.id === 'c1' ? { ...n, params: { filters: 8 } } : n)),
    };
    // 3·3·1·8+8 = 80 and 26·26·8·10+10 = 54,090: 54,170.
    expect(codeFor(edited, 'pytorch').code).toContain('54,170');
  });
});

describe('export problems on the canvas', () => {
  it('puts a W103 on its node and at the end of the list, leaving the errors as they were', () => {
    const inference = inferGraph(cnn);
    const w103 = problem('W103', 'The Keras export cannot include this layer.', { node: 'c1' });
    const shown = addProblems(inference, [w103]);
    expect(shown.nodes.c1?.problems).toEqual([...(inference.nodes.c1?.problems ?? []), w103]);
    expect(shown.problems.at(-1)).toBe(w103);
    expect(shown.problems).toHaveLength(inference.problems.length + 1);
    expect(shown.errorCount).toBe(inference.errorCount);
    // The cached inference the rest of the app shares is not touched.
    expect(inference.nodes.c1?.problems).not.toContain(w103);
  });

  it('shows the inference itself when every target can express the network', () => {
    const inference = inferGraph(cnn);
    for (const { id } of codeTargets) {
      expect(withExportProblems(cnn, inference, id)).toBe(inference);
    }
  });
});
