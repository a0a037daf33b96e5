/**
 * `npm run templates`: regenerates templates/<file>.json and templates/index.json from the
 * generators. The JSON files are the product; the template test fails if they drift from this.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serializeDocument } from '../../app/graph/load.ts';
import { indexEntry, serializeIndex } from './index-entry.ts';
import { templates } from './registry.ts';

const outDir = join(dirname(fileURLToPath(import.meta.url)), '..');

const entries = templates.map((template) => {
  const doc = template.build();
  writeFileSync(join(outDir, `${template.file}.json`), serializeDocument(doc));
  return indexEntry(template, doc);
});
writeFileSync(join(outDir, 'index.json'), serializeIndex(entries));
console.log(`Wrote ${entries.length} templates and index.json to ${outDir}`);
