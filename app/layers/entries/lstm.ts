import { defineRecurrent } from '../recurrent.ts';

export const lstm = defineRecurrent({
  kind: 'LSTM',
  help: 'Long short-term memory: a recurrent layer whose forget, update and output gates let it remember over long sequences.',
  examples: [
    { name: 'last state', inputs: [[10, 3]], params: { units: 8 } },
    {
      name: 'all steps, dropout',
      inputs: [[6, 4]],
      params: { units: 5, returnSequences: true, dropout: 0.2 },
    },
    {
      name: 'relu, frozen, He init',
      inputs: [[7, 2]],
      params: { units: 3, activation: 'relu', trainable: false, kernelInitializer: 'heNormal' },
    },
    { name: 'L2 on the kernel', inputs: [[4, 9]], params: { units: 6, l2: 0.01 } },
  ],
});
