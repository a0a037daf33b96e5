import { beforeAll, describe, expect, it } from 'vitest';
import { catalog } from '../../app/layers/catalog.ts';
import { allExamples, exampleDocument } from '../helpers/examples.ts';
import { expectInferenceMatchesTfjs, useCpuBackend } from '../helpers/tfjs-oracle.ts';

beforeAll(useCpuBackend);

describe('every catalog example: inferred shapes and parameter counts equal what tfjs builds', () => {
  for (const { label, spec, example } of allExamples()) {
    it(label, () => {
      expectInferenceMatchesTfjs(exampleDocument(spec, example));
    });
  }
});

describe('the catalog', () => {
  it('gives every entry at least one example and a unique type', () => {
    const types = catalog.map((s) => s.type);
    expect(new Set(types).size).toBe(types.length);
    for (const spec of catalog) expect(spec.examples.length, spec.type).toBeGreaterThan(0);
  });
});
