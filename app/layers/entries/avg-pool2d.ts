import { pooling2d } from '../pooling.ts';

export const avgPool2d = pooling2d({
  type: 'AvgPool2D',
  label: 'Average pool 2D',
  help: 'Averages each f×f window of each channel: shrinks n_H and n_W, keeps n_C.',
  verb: 'average',
  factory: 'layers.averagePooling2d',
  kerasClasses: ['AveragePooling2D', 'AvgPool2D'],
});
