import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../fs/atomic-write.ts';

const MAX_RECENT = 10;

export async function readRecent(configDir: string): Promise<string[]> {
  try {
    const parsed: unknown = JSON.parse(await readFile(join(configDir, 'recent.json'), 'utf8'));
    return Array.isArray(parsed)
      ? parsed.filter((p): p is string => typeof p === 'string').slice(0, MAX_RECENT)
      : [];
  } catch {
    return []; // a missing or damaged list is just an empty one
  }
}

export async function addRecent(configDir: string, path: string): Promise<void> {
  const list = [path, ...(await readRecent(configDir)).filter((p) => p !== path)].slice(
    0,
    MAX_RECENT,
  );
  await writeFileAtomic(join(configDir, 'recent.json'), JSON.stringify(list, null, 2));
}
