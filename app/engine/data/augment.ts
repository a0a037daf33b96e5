/**
 * Image augmentation for training batches: random flips, shifts and Gaussian noise, drawn fresh for
 * every sample of every epoch from the run's seed. Shifted-in pixels are zero (black, or the mean
 * after normalization).
 */
import type { AugmentationConfig } from '../../graph/training.ts';
import type { Random } from './random.ts';

export function isAugmenting(config: AugmentationConfig | undefined): config is AugmentationConfig {
  return (
    !!config &&
    (config.flipHorizontal || config.flipVertical || config.shift > 0 || config.noise > 0)
  );
}

/** Augments `count` images of `[height, width, channels]` in `x`, in place. */
export function augmentImages(
  x: Float32Array,
  count: number,
  shape: readonly number[],
  config: AugmentationConfig,
  random: Random,
): void {
  const [height, width, channels] = shape as [number, number, number];
  const size = height * width * channels;
  const scratch = new Float32Array(size);
  for (let s = 0; s < count; s++) {
    const image = x.subarray(s * size, (s + 1) * size);
    const flipX = config.flipHorizontal && random.next() < 0.5;
    const flipY = config.flipVertical && random.next() < 0.5;
    const dx = config.shift > 0 ? random.int(2 * config.shift + 1) - config.shift : 0;
    const dy = config.shift > 0 ? random.int(2 * config.shift + 1) - config.shift : 0;
    if (flipX || flipY || dx !== 0 || dy !== 0) {
      scratch.fill(0);
      for (let y = 0; y < height; y++) {
        const fromY = (flipY ? height - 1 - y : y) - dy;
        if (fromY < 0 || fromY >= height) continue;
        for (let px = 0; px < width; px++) {
          const fromX = (flipX ? width - 1 - px : px) - dx;
          if (fromX < 0 || fromX >= width) continue;
          const to = (y * width + px) * channels;
          const from = (fromY * width + fromX) * channels;
          for (let c = 0; c < channels; c++) scratch[to + c] = image[from + c] as number;
        }
      }
      image.set(scratch);
    }
    if (config.noise > 0) {
      for (let i = 0; i < size; i++)
        image[i] = (image[i] as number) + random.normal() * config.noise;
    }
  }
}
