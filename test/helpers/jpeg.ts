/** JPEG fixtures for tests, encoded with jpeg-js (the decoder side is what the tests exercise). */
import jpeg from 'jpeg-js';

export function rgbJpeg(
  width: number,
  height: number,
  pixel: (x: number, y: number) => [number, number, number],
): Buffer {
  const data = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b] = pixel(x, y);
      data.set([r, g, b, 255], (y * width + x) * 4);
    }
  }
  return jpeg.encode({ data, width, height }, 95).data;
}
