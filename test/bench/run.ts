/**
 * `npm run bench [name…]`: runs the benchmark modules below (all, or those named) and prints
 * their tables. Adding a benchmark is one line in this list.
 */
import type { Bench, BenchTable } from './measure.ts';

const benches: [name: string, load: () => Promise<Bench>][] = [
  ['inference', async () => (await import('./inference.ts')).benchInference],
  ['training-speed', async () => (await import('./training-speed.ts')).benchTrainingSpeed],
  ['canvas', async () => (await import('./canvas.ts')).run],
  ['mnist-accuracy', async () => (await import('./mnist-accuracy.ts')).benchMnistAccuracy],
];

function printTable(table: BenchTable): void {
  const widths = table.columns.map((c, i) =>
    Math.max(c.length, ...table.rows.map((r) => (r[i] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells.map((cell, i) => cell.padStart(widths[i] ?? 0)).join('  ');
  console.log(`\n${table.title}`);
  console.log(line(table.columns));
  console.log(widths.map((w) => '─'.repeat(w)).join('  '));
  for (const row of table.rows) console.log(line(row));
  for (const note of table.notes ?? []) console.log(`  ${note}`);
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !benches.some(([n]) => n === name));
  if (unknown.length > 0) {
    console.error(
      `Unknown benchmark ${unknown.join(', ')}; known: ${benches.map(([n]) => n).join(', ')}.`,
    );
    process.exitCode = 2;
    return;
  }
  console.log(`Node ${process.version}, ${process.platform}/${process.arch}`);
  for (const [name, load] of benches) {
    if (wanted.length > 0 && !wanted.includes(name)) continue;
    console.log(`\n== ${name}`);
    const started = performance.now();
    for (const table of await (await load())()) printTable(table);
    console.log(`  (${name} took ${((performance.now() - started) / 1000).toFixed(1)} s)`);
  }
}

await main();
