import { defineRecurrent } from '../recurrent.ts';

/*
 * tfjs's GRU applies the reset gate before the recurrent matrix product (Keras's reset_after=false,
 * the original Cho et al. form) and refuses reset_after=true, so its count is 3·(u·F + u·u + u):
 * it has u·3 fewer biases than a Keras 2 GRU of the same size, whose default is reset_after=true.
 */
export const gru = defineRecurrent({
  kind: 'GRU',
  help: 'Gated recurrent unit: a lighter LSTM with update and reset gates and no separate memory cell.',
  examples: [
    { name: 'last state', inputs: [[10, 3]], params: { units: 8 } },
    {
      name: 'all steps, sigmoid',
      inputs: [[5, 6]],
      params: { units: 4, returnSequences: true, activation: 'sigmoid' },
    },
    {
      name: 'dropout, frozen',
      inputs: [[8, 2]],
      params: { units: 3, dropout: 0.3, trainable: false },
    },
  ],
});
