/**
 * A plain-text table in the manner of Keras's `model.summary()`: a header, a double rule, rows,
 * and full-width rows for section titles (groups). Columns size to their widest cell.
 */
export interface Column {
  header: string;
  align?: 'left' | 'right';
}

/** A row of cells, or a section title that spans the table. */
export type Row = { cells: string[] } | { title: string };

const GAP = '  ';

export function formatTable(columns: readonly Column[], rows: readonly Row[]): string[] {
  const widths = columns.map((c, i) =>
    Math.max(c.header.length, ...rows.map((r) => ('cells' in r ? (r.cells[i] ?? '').length : 0))),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => {
        const width = widths[i] ?? 0;
        return columns[i]?.align === 'right' ? cell.padStart(width) : cell.padEnd(width);
      })
      .join(GAP)
      .trimEnd();
  const total = widths.reduce((a, b) => a + b, 0) + GAP.length * (widths.length - 1);
  return [
    line(columns.map((c) => c.header)),
    '═'.repeat(total),
    ...rows.map((r) => ('cells' in r ? line(r.cells) : r.title)),
    '─'.repeat(total),
  ];
}

/** 1234567 → "1,234,567", as Keras prints parameter counts. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

const flopUnits = ['', 'K', 'M', 'G', 'T', 'P'];

/** 15_500_000_000 → "15.5 GFLOPs": three significant digits in the largest unit below the value. */
export function formatFlops(n: number): string {
  let value = n;
  let unit = 0;
  // Rounding can carry into the next unit (999,950 is "1.00 MFLOPs", not "1000 KFLOPs").
  while (Number(value.toPrecision(3)) >= 1000 && unit < flopUnits.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = unit === 0 ? String(value) : String(Number(value.toPrecision(3)));
  return `${digits} ${flopUnits[unit]}FLOPs`;
}
