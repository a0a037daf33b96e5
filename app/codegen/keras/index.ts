/**
 * The Keras export as files: `model.py` (the network and its compile settings), `train.py` (the
 * run configuration's training, where the app's data sets can train the graph), a README, and
 * with a run's weights `weights.py`, which loads them (the weight files themselves are copied by
 * the caller, see main/export/).
 *
 * TensorFlow cannot be installed where Netwright is tested, so this export is checked by
 * compiling the Python (`python3 -m py_compile`) and against golden files, not by running it.
 */
import type { GraphDocument } from '../../graph/document.ts';
import { emitKerasModel } from './model.ts';
import { emitKerasTraining } from './train.ts';
import { kerasWeightsSource } from './weights-source.ts';

export interface KerasExport {
  files: Record<string, string>;
  /** Why there is no train.py, when there is none. */
  trainingMissing: string | null;
}

export function emitKerasProject(doc: GraphDocument, options: { weights: boolean }): KerasExport {
  const model = emitKerasModel(doc);
  const training = emitKerasTraining(doc);
  const files: Record<string, string> = { 'model.py': model.source };
  if (training.ok) files['train.py'] = training.source;
  if (options.weights) files['weights.py'] = kerasWeightsSource;
  files['README.md'] = readme(doc, training.ok ? null : training.why, options.weights);
  return { files, trainingMissing: training.ok ? null : training.why };
}

function readme(doc: GraphDocument, noTraining: string | null, weights: boolean): string {
  return [
    `# ${doc.metadata.title} (Keras)`,
    '',
    'Exported by Netwright. Needs Python 3.9+ with TensorFlow 2 and NumPy (`pip install tensorflow numpy`).',
    '',
    "- `model.py`: `build_model()` builds the network with the tf.keras functional API; `compile_model()` sets the run's optimizer, losses and metrics. `python model.py` prints its summary.",
    noTraining === null
      ? '- `train.py`: trains it with the run configuration (data, split, schedule, early stopping): `python train.py`.'
      : `- No \`train.py\`: ${noTraining}`,
    ...(weights
      ? [
          '- `weights/`: the trained weights in TensorFlow.js format; `weights.py` loads them into the Keras model:',
          '',
          '  ```python',
          '  from model import build_model',
          '  from weights import load_tfjs_weights',
          '',
          '  model = build_model()',
          "  load_tfjs_weights(model, 'weights/model.json')",
          '  ```',
        ]
      : []),
    '',
    'Netwright checks this code by compiling it and comparing it with reviewed examples; TensorFlow is',
    'not installed where Netwright is tested, so it has not been run there.',
    '',
  ].join('\n');
}
