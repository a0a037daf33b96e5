/**
 * Two-dimensional classification sets generated from a seed: nothing to download, and the same
 * points for the same seed. Each returns a source of `[x, y]` points with classes '0' and '1'.
 */
import type { Random } from './random.ts';
import { memorySource } from './source.ts';
import type { SampleSource } from './source.ts';

export const pointSetNames = ['planar', 'moons', 'circles', 'spirals', 'xor'] as const;
export type PointSetName = (typeof pointSetNames)[number];

export interface PointSetOptions {
  count: number;
  /** Standard deviation of the Gaussian jitter; each set's default suits its scale. */
  noise?: number;
}

export const defaultPointCount: Record<PointSetName, number> = {
  planar: 400,
  moons: 1000,
  circles: 1000,
  spirals: 1000,
  xor: 1000,
};

type Generator = (count: number, noise: number, random: Random, put: PutPoint) => void;
type PutPoint = (x: number, y: number, label: number) => void;

const defaultNoise: Record<PointSetName, number> = {
  planar: 0.2,
  moons: 0.2,
  circles: 0.1,
  spirals: 0.03,
  xor: 0,
};

/** Evenly spaced values from `start` to `end`, like numpy's linspace. */
function linspace(start: number, end: number, n: number, endpoint = true): number[] {
  const steps = endpoint ? n - 1 : n;
  return Array.from({ length: n }, (_, i) =>
    steps > 0 ? start + ((end - start) * i) / steps : start,
  );
}

const generators: Record<PointSetName, Generator> = {
  /** The course's "flower" (load_planar_dataset): two classes of petals r = 4·sin(4t). */
  planar: (count, noise, random, put) => {
    const perClass = Math.floor(count / 2);
    for (let label = 0; label < 2; label++) {
      const n = label === 0 ? perClass : count - perClass;
      for (const base of linspace(label * 3.12, (label + 1) * 3.12, n)) {
        const t = base + random.normal() * noise;
        const r = 4 * Math.sin(4 * t) + random.normal() * noise;
        put(r * Math.sin(t), r * Math.cos(t), label);
      }
    }
  },
  /** scikit-learn's make_moons: two interleaved half circles. */
  moons: (count, noise, random, put) => {
    const outer = Math.floor(count / 2);
    for (const t of linspace(0, Math.PI, outer)) {
      put(Math.cos(t) + random.normal() * noise, Math.sin(t) + random.normal() * noise, 0);
    }
    for (const t of linspace(0, Math.PI, count - outer)) {
      put(
        1 - Math.cos(t) + random.normal() * noise,
        0.5 - Math.sin(t) + random.normal() * noise,
        1,
      );
    }
  },
  /** scikit-learn's make_circles with factor 0.5: a small circle inside a large one. */
  circles: (count, noise, random, put) => {
    const outer = Math.floor(count / 2);
    for (const t of linspace(0, 2 * Math.PI, outer, false)) {
      put(Math.cos(t) + random.normal() * noise, Math.sin(t) + random.normal() * noise, 0);
    }
    for (const t of linspace(0, 2 * Math.PI, count - outer, false)) {
      put(
        0.5 * Math.cos(t) + random.normal() * noise,
        0.5 * Math.sin(t) + random.normal() * noise,
        1,
      );
    }
  },
  /** Two arms of an Archimedean spiral, half a turn apart, about 1.75 turns each. */
  spirals: (count, noise, random, put) => {
    const perClass = Math.floor(count / 2);
    const turn = 3.5 * Math.PI;
    for (let label = 0; label < 2; label++) {
      const n = label === 0 ? perClass : count - perClass;
      for (const t of linspace(0.25, turn, n)) {
        const r = t / turn;
        const angle = t + label * Math.PI;
        put(
          r * Math.cos(angle) + random.normal() * noise,
          r * Math.sin(angle) + random.normal() * noise,
          label,
        );
      }
    }
  },
  /** Uniform points in the square [−1, 1]²; the class is whether x and y differ in sign. */
  xor: (count, noise, random, put) => {
    for (let i = 0; i < count; i++) {
      const x = random.next() * 2 - 1;
      const y = random.next() * 2 - 1;
      put(x + random.normal() * noise, y + random.normal() * noise, x > 0 !== y > 0 ? 1 : 0);
    }
  },
};

export function pointSet(
  name: PointSetName,
  options: PointSetOptions,
  random: Random,
): SampleSource {
  const { count } = options;
  const x = new Float32Array(count * 2);
  const y = new Float32Array(count);
  let at = 0;
  generators[name](count, options.noise ?? defaultNoise[name], random, (px, py, label) => {
    x[2 * at] = px;
    x[2 * at + 1] = py;
    y[at] = label;
    at++;
  });
  return memorySource({
    description: `${name} (${count} points)`,
    x,
    y,
    featureShape: [2],
    featureKind: 'vector',
    labels: { kind: 'classes', classNames: ['0', '1'] },
  });
}
