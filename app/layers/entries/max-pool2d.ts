import { pooling2d } from '../pooling.ts';

export const maxPool2d = pooling2d({
  type: 'MaxPool2D',
  label: 'Max pool 2D',
  help: 'Keeps the largest value in each f×f window of each channel: shrinks n_H and n_W, keeps n_C.',
  verb: 'max',
  factory: 'layers.maxPooling2d',
  kerasClasses: ['MaxPooling2D', 'MaxPool2D'],
});
