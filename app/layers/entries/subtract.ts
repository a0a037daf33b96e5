import { elementwiseMerge } from '../merge.ts';

// tfjs ships no Subtract layer; 'netwright.subtract' is ours (app/engine/custom-layers.ts), and
// exported code carries its source (app/codegen/custom-layers-source.ts).
export const subtract = elementwiseMerge({
  type: 'Subtract',
  label: 'Subtract',
  help: 'First input minus second, element by element: the difference of two encodings in a Siamese network.',
  verb: 'a − b',
  factory: 'netwright.subtract',
  maxInputs: 2,
});
