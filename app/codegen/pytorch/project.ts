/**
 * The PyTorch export as a folder: model.py, train.py and a README that says how to run them, what
 * the data file holds, and what was checked. Weights (weights.ts) join it when a run exists.
 */
import type { GraphDocument } from '../../graph/document.ts';
import type { TrainingConfig } from '../../graph/training.ts';
import { emitPyTorchModule } from './module.ts';
import { pythonClassName } from './names.ts';
import { emitPyTorchTrain } from './train.ts';

export interface ExportedFiles {
  /** File name → contents, for the caller to write. */
  files: Record<string, string>;
}

export function exportPyTorchProject(
  doc: GraphDocument,
  options: { training?: TrainingConfig; withWeights?: boolean } = {},
): ExportedFiles {
  return {
    files: {
      'model.py': emitPyTorchModule(doc),
      'train.py': emitPyTorchTrain(doc, options.training),
      'README.md': readme(doc, options.withWeights ?? false),
    },
  };
}

function readme(doc: GraphDocument, withWeights: boolean): string {
  const className = pythonClassName(doc);
  return `# ${doc.metadata.title} in PyTorch

Exported by Netwright from the graph document.

- \`model.py\`: \`${className}\`, an \`nn.Module\` with one attribute per layer and a \`forward\` that
  follows the graph; \`build_model(weights=None)\` makes one, \`load_weights(model, path)\` loads
  Netwright's weight files.
- \`train.py\`: trains it with the document's run configuration (optimizer, learning-rate
  schedule, epochs, batch size, seed, split, losses and their weights, L1/L2 penalties, early
  stopping), in one process or under \`torchrun\` with DistributedDataParallel.
${withWeights ? "- `weights.json` + `weights.bin`: the run's trained weights (below).\n" : ''}
Needs Python 3.8 or newer with PyTorch (1.13 or newer) and numpy.

## Layout

The module takes and returns tensors as the app shows them: channels last (batch × height ×
width × channels, as TensorFlow.js), token ids as numbers. Inside, convolutions and pooling run
channels first, as PyTorch's layers expect; the forward permutes only where the layout changes.
TensorFlow's 'same' padding, which puts an odd pixel at the bottom and right, is explicit where
PyTorch's symmetric padding cannot say it. Recurrent layers are written out (class \`Recurrent\`)
because tfjs's have one bias per gate and its GRU resets before the recurrent product.

## Training

\`\`\`sh
python train.py --data data.npz                        # one process
torchrun --nproc_per_node=2 train.py --data data.npz   # two processes, gradients averaged
python train.py --max-steps 3                          # smoke test on random data
\`\`\`

The data file is an \`.npz\` (\`numpy.savez('data.npz', **arrays)\`) with one array per model input
and one per loss node, named by their node ids; train.py's docstring lists them with their
shapes. Under torchrun each process trains on its share of every epoch (DistributedSampler), on
CPUs with the gloo backend and on GPUs with NCCL; process 0 prints, evaluates the dev split and
saves the state_dict (\`--out\`, default \`model.pt\`).

With Debian's PyTorch 1.13 on Python 3.11, torchrun fails before starting (\`'NoneType' object has
no attribute 'get'\`, a bug fixed in PyTorch 2.0); give it \`--redirects 2 --tee 2\`.

## Weights

\`weights.json\` lists each tensor by its state_dict name with shape, dtype (float32) and byte
offset into \`weights.bin\` (little-endian, row-major), already in PyTorch's layouts: convolution
kernels as [out, in, h, w], Linear weights as [out, in], LSTM gates as i, f, g, o and GRU gates as
r, z, n, BatchNorm's moving statistics as running_mean and running_var.

\`\`\`python
from model import build_model
model = build_model('weights.json').eval()
torch.save(model.state_dict(), 'model.pt')   # PyTorch's own format, if you prefer it
\`\`\`

## What was checked

Netwright's tests export every template and every catalog layer setting, load tfjs's weights
into the module with \`load_weights\`, and compare outputs with tfjs's on the same input (largest
difference at most 1e-4); the parameter count of the module plus BatchNorm's running statistics
equals the app's. train.py is run for a few steps, alone and under
\`torchrun --nproc_per_node=2\` on CPUs. Training in PyTorch follows the app's settings but not its
random numbers, so a run does not repeat the app's loss curve exactly.
`;
}
