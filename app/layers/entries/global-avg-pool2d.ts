import { globalPooling2d } from '../pooling.ts';

export const globalAvgPool2d = globalPooling2d({
  type: 'GlobalAvgPool2D',
  label: 'Global average pool 2D',
  help: 'Averages each channel over the whole image: n_H × n_W × n_C becomes a vector of n_C, as before a ResNet’s classifier.',
  verb: 'average',
  factory: 'layers.globalAveragePooling2d',
  kerasClasses: ['GlobalAveragePooling2D', 'GlobalAvgPool2D'],
});
