import { defineRecurrent } from '../recurrent.ts';

export const simpleRnn = defineRecurrent({
  kind: 'SimpleRNN',
  help: 'The basic recurrent layer of the course: a⟨t⟩ = tanh(Waa·a⟨t−1⟩ + Wax·x⟨t⟩ + ba), same weights at every step.',
  examples: [
    { name: 'last state', inputs: [[10, 3]], params: { units: 8 } },
    {
      name: 'all steps, relu',
      inputs: [[6, 1]],
      params: { units: 5, returnSequences: true, activation: 'relu' },
    },
    {
      name: 'random normal, L1',
      inputs: [[3, 7]],
      params: { units: 2, kernelInitializer: 'randomNormal', kernelStddev: 0.05, l1: 0.001 },
    },
  ],
});
