/**
 * A folder of images with one subfolder per class (`cats/`, `dogs/`), the layout Keras's
 * image_dataset_from_directory reads. Only the file list is kept; each batch reads and decodes its
 * own files, so a folder larger than memory trains. Images are resized (bilinear) to the graph's
 * input height × width and converted to its channels (1: luminance, 3: RGB, 4: RGBA), in [0, 1].
 *
 * PNG is decoded by ./png.ts, JPEG by jpeg-js (pure JavaScript, so no native build is needed).
 */
import { readdir, readFile, open } from 'node:fs/promises';
import jpeg from 'jpeg-js';
import { extname, join } from 'node:path';
import { TrainingError } from '../training-errors.ts';
import { decodePng, ImageDecodeError, isJpeg, isPng } from './png.ts';
import type { RgbaImage } from './png.ts';
import type { SampleSource } from './source.ts';

const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg']);
const MAX_LISTED = 5;

interface ImageFile {
  path: string;
  label: number;
}

export async function imageFolderSource(
  folder: string,
  shape: readonly number[],
): Promise<SampleSource> {
  const [height, width, channels] = shape;
  if (shape.length !== 3 || ![1, 3, 4].includes(channels as number)) {
    throw new TrainingError(
      'E206',
      `An image folder feeds an image input of height × width × channels (1, 3 or 4 channels), but the graph's input is ${shape.join('×')}.`,
    );
  }
  const classNames = await classFolders(folder);
  const files: ImageFile[] = [];
  for (const [label, name] of classNames.entries()) {
    const entries = await readdir(join(folder, name), { withFileTypes: true });
    const images = entries
      .filter((e) => e.isFile() && IMAGE_EXTENSIONS.has(extname(e.name).toLowerCase()))
      .map((e) => e.name)
      .sort();
    if (images.length === 0) {
      throw new TrainingError(
        'E204',
        `The class folder ${JSON.stringify(name)} in ${folder} has no PNG or JPEG images.`,
      );
    }
    for (const image of images) files.push({ path: join(folder, name, image), label });
  }
  await checkSignatures(files);
  const size = (height as number) * (width as number) * (channels as number);
  return {
    description: `images in ${folder}`,
    size: files.length,
    featureShape: [height as number, width as number, channels as number],
    featureKind: 'image',
    labels: { kind: 'classes', classNames },
    read: async (indices) => {
      const n = indices.length;
      const x = new Float32Array(n * size);
      const y = new Float32Array(n);
      const chosen = Array.from({ length: n }, (_, i) => files[indices[i] as number] as ImageFile);
      const decoded = await Promise.all(chosen.map((f) => decodeFile(f.path)));
      decoded.forEach((image, i) => {
        resizeInto(image, height as number, width as number, channels as number, x, i * size);
        y[i] = (chosen[i] as ImageFile).label;
      });
      return { x, y, count: n };
    },
  };
}

async function classFolders(folder: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'does not exist'
        : code === 'ENOTDIR'
          ? 'is not a folder'
          : `cannot be read (${code ?? 'unknown error'})`;
    throw new TrainingError('E204', `The image folder ${folder} ${why}.`);
  }
  const names = entries
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort();
  if (names.length < 2) {
    throw new TrainingError(
      'E204',
      `The image folder ${folder} needs one subfolder per class, at least two (for example cats/ and dogs/), but it has ${names.length === 0 ? 'none' : `only ${JSON.stringify(names[0])}`}.`,
    );
  }
  return names;
}

/** Looks at the first bytes of every file, so a bad file stops the run before it starts. */
async function checkSignatures(files: readonly ImageFile[]): Promise<void> {
  const unknown: string[] = [];
  const head = new Uint8Array(8);
  for (const file of files) {
    const handle = await open(file.path, 'r');
    try {
      head.fill(0);
      await handle.read(head, 0, 8, 0);
    } finally {
      await handle.close();
    }
    if (!isJpeg(head) && !isPng(head)) unknown.push(file.path);
  }
  const list = (paths: string[]) =>
    paths.slice(0, MAX_LISTED).join(', ') +
    (paths.length > MAX_LISTED ? ` and ${paths.length - MAX_LISTED} more` : '');
  if (unknown.length > 0) {
    throw new TrainingError(
      'E205',
      `${unknown.length} file${unknown.length === 1 ? ' is' : 's are'} not PNG or JPEG images despite the name: ${list(unknown)}.`,
    );
  }
}

async function decodeFile(path: string): Promise<RgbaImage> {
  const bytes = await readFile(path);
  try {
    return isJpeg(bytes) ? decodeJpeg(bytes) : decodePng(bytes);
  } catch (err) {
    if (!(err instanceof ImageDecodeError)) throw err;
    throw new TrainingError('E205', `The image ${path} cannot be decoded: ${err.message}.`);
  }
}

/** Largest decoded image accepted: a 64-megapixel photo; beyond it jpeg-js refuses to allocate. */
const MAX_JPEG_MB = 256;

function decodeJpeg(bytes: Uint8Array): RgbaImage {
  try {
    const image = jpeg.decode(bytes, {
      useTArray: true,
      formatAsRGBA: true,
      maxMemoryUsageInMB: MAX_JPEG_MB,
    });
    return { width: image.width, height: image.height, data: image.data };
  } catch (err) {
    // jpeg-js throws plain strings or Errors for truncated or unsupported files.
    throw new ImageDecodeError(
      `not a readable JPEG (${err instanceof Error ? err.message : String(err)})`,
    );
  }
}

/**
 * Bilinear resampling with half-pixel centres (what tf.image.resizeBilinear does with
 * halfPixelCenters), written into `out` at `offset` as `height × width × channels` in [0, 1].
 */
export function resizeInto(
  image: RgbaImage,
  height: number,
  width: number,
  channels: number,
  out: Float32Array,
  offset: number,
): void {
  const { data, width: sw, height: sh } = image;
  const pixel = (x: number, y: number, c: number) => data[(y * sw + x) * 4 + c] as number;
  for (let y = 0; y < height; y++) {
    const sy = Math.min(Math.max(((y + 0.5) * sh) / height - 0.5, 0), sh - 1);
    const y0 = Math.floor(sy);
    const y1 = Math.min(y0 + 1, sh - 1);
    const fy = sy - y0;
    for (let x = 0; x < width; x++) {
      const sx = Math.min(Math.max(((x + 0.5) * sw) / width - 0.5, 0), sw - 1);
      const x0 = Math.floor(sx);
      const x1 = Math.min(x0 + 1, sw - 1);
      const fx = sx - x0;
      const sample = (c: number) =>
        (pixel(x0, y0, c) * (1 - fx) + pixel(x1, y0, c) * fx) * (1 - fy) +
        (pixel(x0, y1, c) * (1 - fx) + pixel(x1, y1, c) * fx) * fy;
      const o = offset + (y * width + x) * channels;
      if (channels === 1) {
        // ITU-R BT.601 luma, the weights most greyscale conversions use.
        out[o] = (0.299 * sample(0) + 0.587 * sample(1) + 0.114 * sample(2)) / 255;
      } else {
        for (let c = 0; c < channels; c++) out[o + c] = sample(c) / 255;
      }
    }
  }
}
