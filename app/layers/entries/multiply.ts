import { elementwiseMerge } from '../merge.ts';

export const multiply = elementwiseMerge({
  type: 'Multiply',
  label: 'Multiply',
  help: 'Multiplies its inputs element by element, as a gate scales a signal (squeeze-and-excitation, attention weights).',
  verb: 'product',
  factory: 'layers.multiply',
  torch: (xs) => xs.join(' * '),
  kerasClasses: ['Multiply'],
});
