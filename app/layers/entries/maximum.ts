import { elementwiseMerge } from '../merge.ts';

export const maximum = elementwiseMerge({
  type: 'Maximum',
  label: 'Maximum',
  help: 'Keeps, element by element, the largest of its inputs (the merge of a maxout unit).',
  verb: 'max',
  factory: 'layers.maximum',
  torch: (xs) => xs.slice(1).reduce((max, x) => `torch.maximum(${max}, ${x})`, xs[0] ?? ''),
  kerasClasses: ['Maximum'],
});
