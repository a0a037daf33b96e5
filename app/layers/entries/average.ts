import { elementwiseMerge } from '../merge.ts';
import { elementsPerSample } from '../shape.ts';
import type { LayerSpec } from '../spec.ts';

const base = elementwiseMerge({
  type: 'Average',
  label: 'Average',
  help: 'Averages its inputs element by element, as an ensemble averages its members’ predictions.',
  verb: 'mean',
  factory: 'layers.average',
  torch: (xs) => `(${xs.join(' + ')}) / ${xs.length}`,
  kerasClasses: ['Average'],
});

export const average: LayerSpec<Record<string, never>> = {
  ...base,
  // n inputs: n − 1 additions and one division per element.
  flops: (inputs, out) => inputs.length * elementsPerSample(out),
};
