/**
 * A CSV file as a data set: the user picks the label column and the feature columns; numeric
 * columns pass through, text columns become one-hot groups, and missing values are reported with
 * their line and column (or the rows dropped, when asked). The file streams through the parser;
 * the encoded features are kept as float32, a few bytes per value.
 */
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { TrainingError } from '../training-errors.ts';
import { CsvParser } from './csv-parse.ts';
import type { CsvRow } from './csv-parse.ts';
import { memorySource } from './source.ts';
import type { SampleSource } from './source.ts';

export interface CsvOptions {
  /** The label column; the last column when absent. */
  label?: string;
  /** Feature columns; every column but the label when absent. */
  features?: readonly string[];
  /** Columns to treat as categories even when they hold numbers (a zip code, a class id). */
  categorical?: readonly string[];
  delimiter?: string;
  /** What to do with a row that has a missing value: report it (default) or leave the row out. */
  missing?: 'error' | 'drop';
  /** Whether the label is a class or a number to regress; the graph's loss decides. */
  labelKind: 'classes' | 'values';
}

/** Spellings of "no value" that spreadsheets and pandas write. */
const MISSING = new Set(['', 'na', 'n/a', 'nan', 'null', 'none', '?']);
const isMissing = (value: string) => MISSING.has(value.trim().toLowerCase());
const MAX_LISTED = 5;

interface Column {
  name: string;
  index: number;
  kind: 'numeric' | 'categorical';
  /** Categories in sorted order, for categorical columns. */
  categories: string[];
}

export async function csvSource(path: string, options: CsvOptions): Promise<SampleSource> {
  const fileName = basename(path);
  const { header, rows } = await readRows(path, options.delimiter ?? ',', fileName);
  const labelName = options.label ?? header[header.length - 1];
  const featureNames = options.features ?? header.filter((h) => h !== labelName);
  for (const name of [labelName as string, ...featureNames, ...(options.categorical ?? [])]) {
    if (!header.includes(name)) {
      throw new TrainingError(
        'E202',
        `${fileName} has no column ${JSON.stringify(name)}; its columns are ${header.map((h) => JSON.stringify(h)).join(', ')}.`,
      );
    }
  }
  if (featureNames.includes(labelName as string)) {
    throw new TrainingError(
      'E202',
      `The label column ${JSON.stringify(labelName)} cannot also be a feature.`,
    );
  }
  if (featureNames.length === 0) {
    throw new TrainingError(
      'E202',
      `${fileName} needs at least one feature column besides the label.`,
    );
  }
  const used = [labelName as string, ...featureNames].map((name) => header.indexOf(name));
  const kept = handleMissing(rows, used, header, options.missing ?? 'error', fileName);
  if (kept.length === 0) {
    throw new TrainingError('E201', `${fileName} has a header but no data rows.`);
  }

  const forced = new Set(options.categorical ?? []);
  const columns = featureNames.map((name) =>
    describeColumn(kept, name, header.indexOf(name), forced.has(name)),
  );
  const labelIndex = header.indexOf(labelName as string);
  const width = columns.reduce((n, c) => n + (c.kind === 'numeric' ? 1 : c.categories.length), 0);
  const x = new Float32Array(kept.length * width);
  kept.forEach((row, r) => {
    let at = r * width;
    for (const column of columns) {
      const value = (row.fields[column.index] as string).trim();
      if (column.kind === 'numeric') x[at++] = Number(value);
      else {
        x[at + column.categories.indexOf(value)] = 1;
        at += column.categories.length;
      }
    }
  });

  const labelColumn = describeColumn(
    kept,
    labelName as string,
    labelIndex,
    options.labelKind === 'classes',
  );
  const y = new Float32Array(kept.length);
  if (options.labelKind === 'values' && labelColumn.kind !== 'numeric') {
    const row = kept.find(
      (r) => !Number.isFinite(Number((r.fields[labelIndex] as string).trim())),
    ) as CsvRow;
    throw new TrainingError(
      'E202',
      `The label column ${JSON.stringify(labelName)} holds text (${JSON.stringify(row.fields[labelIndex])} on line ${row.line}), so it cannot be a number to predict with the graph's regression loss; use a classification loss, or pick a numeric label column.`,
    );
  }
  kept.forEach((row, r) => {
    const value = (row.fields[labelIndex] as string).trim();
    y[r] = options.labelKind === 'classes' ? labelColumn.categories.indexOf(value) : Number(value);
  });
  return memorySource({
    description: fileName,
    x,
    y,
    featureShape: [width],
    featureKind: 'vector',
    labels:
      options.labelKind === 'classes'
        ? { kind: 'classes', classNames: labelColumn.categories }
        : { kind: 'values', width: 1, names: [labelName as string] },
  });
}

async function readRows(
  path: string,
  delimiter: string,
  fileName: string,
): Promise<{ header: string[]; rows: CsvRow[] }> {
  const parser = new CsvParser(delimiter, fileName);
  let header: string[] | null = null;
  const rows: CsvRow[] = [];
  const take = (batch: CsvRow[]) => {
    for (const row of batch) {
      if (header === null) {
        header = row.fields.map((f) => f.trim());
        continue;
      }
      if (row.fields.length !== header.length) {
        throw new TrainingError(
          'E201',
          `${fileName} is not valid CSV: line ${row.line} has ${row.fields.length} fields but the header has ${header.length}.`,
        );
      }
      rows.push(row);
    }
  };
  try {
    for await (const chunk of createReadStream(path, { encoding: 'utf8' }))
      take(parser.push(chunk as string));
  } catch (err) {
    if (err instanceof TrainingError) throw err;
    const reason = err instanceof Error ? err.message : String(err);
    throw new TrainingError('E201', `Cannot read the CSV file ${path}: ${reason}.`);
  }
  take(parser.end());
  if (header === null)
    throw new TrainingError(
      'E201',
      `${fileName} is empty: a CSV needs a header row naming its columns.`,
    );
  return { header, rows };
}

function handleMissing(
  rows: CsvRow[],
  used: readonly number[],
  header: readonly string[],
  policy: 'error' | 'drop',
  fileName: string,
): CsvRow[] {
  const found: string[] = [];
  let count = 0;
  const kept = rows.filter((row) => {
    const gaps = used.filter((i) => isMissing(row.fields[i] as string));
    count += gaps.length;
    for (const i of gaps) {
      if (found.length < MAX_LISTED)
        found.push(`line ${row.line} column ${JSON.stringify(header[i])}`);
    }
    return gaps.length === 0;
  });
  if (count > 0 && policy === 'error') {
    const more = count > found.length ? `, and ${count - found.length} more` : '';
    throw new TrainingError(
      'E203',
      `${fileName} has ${count} missing value${count === 1 ? '' : 's'}: ${found.join(', ')}${more}. Fill them in, or set the data set option missing to "drop" to leave those rows out.`,
    );
  }
  return kept;
}

function describeColumn(
  rows: readonly CsvRow[],
  name: string,
  index: number,
  categorical: boolean,
): Column {
  const values = rows.map((r) => (r.fields[index] as string).trim());
  const numeric = values.every((v) => Number.isFinite(Number(v)));
  if (numeric && !categorical) return { name, index, kind: 'numeric', categories: [] };
  const distinct = [...new Set(values)];
  // Numbers used as categories sort as numbers (2 before 10), text alphabetically.
  distinct.sort(numeric ? (a, b) => Number(a) - Number(b) : (a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { name, index, kind: 'categorical', categories: distinct };
}
