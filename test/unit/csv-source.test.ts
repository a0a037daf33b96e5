import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { csvSource } from '../../app/engine/data/csv.ts';
import type { CsvOptions } from '../../app/engine/data/csv.ts';

const folder = mkdtempSync(join(tmpdir(), 'netwright-csv-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

let files = 0;
async function load(text: string, options: Partial<CsvOptions> = {}) {
  const path = join(folder, `f${files++}.csv`);
  writeFileSync(path, text);
  const source = await csvSource(path, { labelKind: 'classes', ...options });
  const batch = await source.read(Array.from({ length: source.size }, (_, i) => i));
  return { source, x: Array.from(batch.x), y: Array.from(batch.y) };
}

async function failure(text: string, options: Partial<CsvOptions> = {}): Promise<string> {
  try {
    await load(text, options);
  } catch (err) {
    return (err as Error).message;
  }
  return 'no error';
}

describe('a CSV file as a data set', () => {
  it('passes numbers through, one-hot encodes text columns (sorted) and numbers the classes', async () => {
    const { source, x, y } = await load('size,color,kind\n1.5,red,b\n-2,blue,a\n3,red,c\n');
    expect(source.featureShape).toEqual([3]); // size + blue/red
    expect(x).toEqual([1.5, 0, 1, -2, 1, 0, 3, 0, 1]);
    expect(source.labels).toEqual({ kind: 'classes', classNames: ['a', 'b', 'c'] });
    expect(y).toEqual([1, 0, 2]);
  });

  it('takes the label and feature columns asked for, and numeric categories in numeric order', async () => {
    const { source, x, y } = await load('zip,age,price,unused\n10,30,5.5,x\n2,40,7,y\n', {
      label: 'price',
      features: ['zip', 'age'],
      categorical: ['zip'],
      labelKind: 'values',
    });
    expect(x).toEqual([0, 1, 30, 1, 0, 40]); // zip one-hot in the order 2, 10
    expect(source.labels).toEqual({ kind: 'values', width: 1, names: ['price'] });
    expect(y).toEqual([5.5, 7]);
  });

  it('reports missing values by line and column, or drops those rows when asked', async () => {
    const text = 'a,b,label\n1,2,x\n,4,y\n5,NA,x\n6,7,?\n8,9,y\n';
    expect(await failure(text)).toMatch(
      /^E203 f\d+\.csv has 3 missing values: line 3 column "a", line 4 column "b", line 5 column "label"\. Fill them in, or set the data set option missing to "drop" to leave those rows out\.$/,
    );
    const { x, y } = await load(text, { missing: 'drop' });
    expect(x).toEqual([1, 2, 8, 9]);
    expect(y).toEqual([0, 1]);
  });

  it.each([
    [
      'a row of the wrong width',
      'a,b\n1,2\n3\n',
      {},
      /^E201 .*line 3 has 1 fields but the header has 2\./,
    ],
    ['an empty file', '', {}, /^E201 .* is empty: a CSV needs a header row/],
    ['a header only', 'a,b\n', {}, /^E201 .* has a header but no data rows\./],
    [
      'an unknown column',
      'a,b\n1,2\n',
      { label: 'c' },
      /^E202 .* has no column "c"; its columns are "a", "b"\./,
    ],
    [
      'text as a regression target',
      'a,b\n1,x\n',
      { labelKind: 'values' as const },
      /^E202 The label column "b" holds text \("x" on line 2\)/,
    ],
  ])('refuses %s', async (_name, text, options, message) => {
    expect(await failure(text, options)).toMatch(message);
  });
});
