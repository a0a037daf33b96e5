import { globalPooling2d } from '../pooling.ts';

export const globalMaxPool2d = globalPooling2d({
  type: 'GlobalMaxPool2D',
  label: 'Global max pool 2D',
  help: 'Keeps the largest value of each channel over the whole image: n_H × n_W × n_C becomes a vector of n_C.',
  verb: 'max',
  factory: 'layers.globalMaxPooling2d',
  kerasClasses: ['GlobalMaxPooling2D', 'GlobalMaxPool2D'],
});
