import { elementwiseMerge } from '../merge.ts';

export const add = elementwiseMerge({
  type: 'Add',
  label: 'Add',
  help: 'Sums its inputs element by element: the residual shortcut of a ResNet block.',
  verb: 'sum',
  factory: 'layers.add',
  torch: (xs) => xs.join(' + '),
  kerasClasses: ['Add'],
});
