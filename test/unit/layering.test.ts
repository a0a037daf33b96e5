/**
 * The lint rule that keeps the layering of ARCHITECTURE.md true: app/ never reaches into main/ or
 * renderer/; renderer/ never imports Node built-ins, Electron or tfjs. Linted through ESLint's own
 * API with the project's config, on sources that break each rule.
 */
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

// Probe files do not exist on disk, so type-aware parsing is switched off for them; the rule
// under test needs no types. Only that rule runs.
const eslint = new ESLint({
  cwd: process.cwd(),
  overrideConfig: [
    tseslint.configs.disableTypeChecked,
    { languageOptions: { parserOptions: { projectService: false } } },
  ],
  ruleFilter: ({ ruleId }) => ruleId === 'no-restricted-imports',
});

async function restrictedImports(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: file });
  const fatal = result?.messages.find((m) => m.fatal);
  if (fatal) throw new Error(fatal.message);
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports')
    .map((m) => m.message);
}

const cases: { file: string; source: string; refused: boolean }[] = [
  {
    file: 'app/graph/probe.ts',
    source: "import { handlers } from '../../main/api/handlers.ts';\nexport const x = handlers;\n",
    refused: true,
  },
  {
    file: 'app/graph/probe.ts',
    source: "import { App } from '../../renderer/App.tsx';\nexport const x = App;\n",
    refused: true,
  },
  {
    file: 'app/graph/probe.ts',
    source: "import { inferGraph } from './infer.ts';\nexport const x = inferGraph;\n",
    refused: false,
  },
  {
    file: 'renderer/probe.ts',
    source: "import { readFile } from 'node:fs/promises';\nexport const x = readFile;\n",
    refused: true,
  },
  {
    file: 'renderer/probe.ts',
    source: "import { readFile } from 'fs';\nexport const x = readFile;\n",
    refused: true,
  },
  {
    file: 'renderer/probe.ts',
    source: "import * as tf from '@tensorflow/tfjs';\nexport const x = tf;\n",
    refused: true,
  },
  {
    file: 'renderer/probe.ts',
    source: "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n",
    refused: true,
  },
  {
    file: 'renderer/probe.ts',
    source:
      "import { compileToLayersModel } from '../app/engine/compile.ts';\nexport const x = compileToLayersModel;\n",
    refused: true,
  },
  {
    file: 'renderer/probe.ts',
    source: "import { inferGraph } from '../app/graph/infer.ts';\nexport const x = inferGraph;\n",
    refused: false,
  },
];

describe('layering lint rule', () => {
  for (const c of cases) {
    it(`${c.refused ? 'refuses' : 'allows'} in ${c.file}: ${c.source.split('\n')[0]}`, async () => {
      const messages = await restrictedImports(c.file, c.source);
      expect(messages.length > 0).toBe(c.refused);
    });
  }
});
