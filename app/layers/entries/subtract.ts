import { elementwiseMerge } from '../merge.ts';
import type { LayerSpec } from '../spec.ts';
import { tfCall } from '../tfcall.ts';

// tfjs ships no Subtract layer; 'netwright.subtract' is ours (app/engine/custom-layers.ts), and
// exported code carries its source (app/codegen/custom-layers-source.ts).
const base = elementwiseMerge({
  type: 'Subtract',
  label: 'Subtract',
  help: 'First input minus second, element by element: the difference of two encodings in a Siamese network.',
  verb: 'a − b',
  factory: 'netwright.subtract',
  torch: (xs) => xs.join(' - '),
  kerasClasses: ['Subtract', 'NetwrightSubtract'],
  maxInputs: 2,
});

export const subtract: LayerSpec<Record<string, never>> = {
  ...base,
  // Keras has the layer tfjs lacks.
  keras: (_p, name) => [tfCall('layers.subtract', { name })],
};
