import { describe, expect, it } from 'vitest';
import { createRandom } from '../../app/engine/data/random.ts';
import { sequenceSet } from '../../app/engine/data/sequence.ts';
import { pointSet, pointSetNames } from '../../app/engine/data/synthetic.ts';

async function everything(source: ReturnType<typeof pointSet>) {
  return source.read(Array.from({ length: source.size }, (_, i) => i));
}

describe('the 2-D point sets', () => {
  it.each(pointSetNames)(
    '%s: the asked count, two balanced classes, the same points for a seed',
    async (name) => {
      const a = await everything(pointSet(name, { count: 400 }, createRandom(1)));
      const b = await everything(pointSet(name, { count: 400 }, createRandom(1)));
      const c = await everything(pointSet(name, { count: 400 }, createRandom(2)));
      expect(a.count).toBe(400);
      expect(a.x).toEqual(b.x);
      expect(a.x).not.toEqual(c.x);
      const ones = a.y.reduce((n, v) => n + v, 0);
      expect(ones).toBeGreaterThan(150);
      expect(ones).toBeLessThan(250);
    },
  );

  it("planar is the course's flower: without noise every point lies on r = 4·sin(4t)", async () => {
    const { x } = await everything(pointSet('planar', { count: 200, noise: 0 }, createRandom(1)));
    for (let i = 0; i < 200; i++) {
      const px = x[2 * i] as number;
      const py = x[2 * i + 1] as number;
      const t = Math.atan2(px, py); // x = r·sin t, y = r·cos t
      const r = Math.hypot(px, py);
      // r may be negative in the formula, which flips t by π; |sin 4t| is the same either way.
      expect(r).toBeCloseTo(4 * Math.abs(Math.sin(4 * t)), 4);
    }
  });

  it('xor labels a point 1 exactly when its coordinates differ in sign', async () => {
    const { x, y } = await everything(pointSet('xor', { count: 300 }, createRandom(4)));
    for (let i = 0; i < 300; i++) {
      expect(y[i]).toBe((x[2 * i] as number) > 0 !== (x[2 * i + 1] as number) > 0 ? 1 : 0);
    }
  });
});

describe('the sequence task', () => {
  const ids = (length: number, task: 'contains' | 'majority') =>
    sequenceSet({ count: 400, length, vocabulary: 5, task, encoding: 'ids' }, createRandom(9));

  it('contains: the label says whether token 0 occurs, and half the sequences have it', async () => {
    const source = ids(12, 'contains');
    const { x, y } = await source.read(Array.from({ length: 400 }, (_, i) => i));
    let positives = 0;
    for (let i = 0; i < 400; i++) {
      const sequence = Array.from(x.subarray(i * 12, (i + 1) * 12));
      expect(y[i]).toBe(sequence.includes(0) ? 1 : 0);
      positives += y[i] as number;
    }
    expect(positives).toBe(200);
  });

  it('majority: the label is the most frequent token, ties to the smaller one', async () => {
    const { x, y } = await ids(9, 'majority').read(Array.from({ length: 400 }, (_, i) => i));
    for (let i = 0; i < 400; i++) {
      const counts = [0, 0, 0, 0, 0];
      for (const t of x.subarray(i * 9, (i + 1) * 9)) counts[t] = (counts[t] as number) + 1;
      expect(y[i]).toBe(counts.indexOf(Math.max(...counts)));
    }
  });

  it('one-hot encoding puts a single 1 per step at the token', async () => {
    const oneHot = sequenceSet(
      { count: 10, length: 6, vocabulary: 4, task: 'contains', encoding: 'one-hot' },
      createRandom(3),
    );
    const plain = sequenceSet(
      { count: 10, length: 6, vocabulary: 4, task: 'contains', encoding: 'ids' },
      createRandom(3),
    );
    expect(oneHot.featureShape).toEqual([6, 4]);
    const a = await oneHot.read([0, 1, 2]);
    const b = await plain.read([0, 1, 2]);
    for (let s = 0; s < 3 * 6; s++) {
      const row = Array.from(a.x.subarray(s * 4, s * 4 + 4));
      expect(row.reduce((n, v) => n + v, 0)).toBe(1);
      expect(row.indexOf(1)).toBe(b.x[s]);
    }
  });
});
