/**
 * Documents are shared files, so the text they carry (titles, descriptions, node and group names)
 * must stay comments and strings in every export, whatever it contains. Each hostile text below
 * tries to close the comment or string it lands in and run code; the oracle is each language's
 * own parser: with comments and docstrings removed, the marker must be gone.
 */
import { spawnSync } from 'node:child_process';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { emitKerasProject } from '../../app/codegen/keras/index.ts';
import { emitPyTorchModule } from '../../app/codegen/pytorch/module.ts';
import { emitPyTorchTrain } from '../../app/codegen/pytorch/train.ts';
import { emitTsProject } from '../../app/codegen/ts-project/index.ts';
import { emitTypeScript } from '../../app/codegen/typescript.ts';
import type { GraphDocument } from '../../app/graph/document.ts';
import { chain } from '../helpers/docs.ts';

const MARK = 'PWNED';
const hostile = [
  `x */ console.log("${MARK}"); /*`,
  `"""""+print("${MARK}")+"""""`,
  `x"""; print("${MARK}") #`,
  `x\\"; print('${MARK}'); '`,
  `line\r\nprint("${MARK}")`,
  `tail"`,
];

function hostileDocument(text: string): GraphDocument {
  const doc = chain(
    ['x', 'Input', { kind: 'vector', shape: [4] }],
    ['hidden', 'Dense', { units: 3, activation: 'relu' }],
    ['out', 'Dense', { units: 1, activation: 'sigmoid' }],
    ['loss', 'BinaryCrossentropyLoss'],
  );
  doc.metadata = { title: text, description: `${text}\n\n${text}` };
  doc.groups = [{ id: 'g', name: text, collapsed: false }];
  for (const n of doc.nodes) n.name = text;
  (doc.nodes[1] as { group?: string }).group = 'g';
  return doc;
}

/** TypeScript with comments removed, as the compiler sees the code. */
function typescriptCode(source: string): string {
  return ts.transpileModule(source, {
    compilerOptions: { removeComments: true, target: ts.ScriptTarget.ES2022 },
  }).outputText;
}

/** Python with comments and docstrings removed, through Python's own parser (ast). */
function pythonCode(sources: string[]): string[] {
  const script = [
    'import ast, json, sys',
    'out = []',
    'for src in json.load(sys.stdin):',
    '    tree = ast.parse(src)',
    '    for node in ast.walk(tree):',
    '        body = getattr(node, "body", None)',
    '        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant) and isinstance(body[0].value.value, str):',
    '            body[0] = ast.Pass()',
    '    out.append(ast.unparse(tree))',
    'print(json.dumps(out))',
  ].join('\n');
  const result = spawnSync('python3', ['-c', script], {
    input: JSON.stringify(sources),
    encoding: 'utf8',
  });
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout) as string[];
}

describe('text from a document stays inert in exported code', () => {
  for (const text of hostile) {
    it(JSON.stringify(text), () => {
      const doc = hostileDocument(text);
      const project = emitTsProject(doc, { weights: false }).files;
      const tsFiles = Object.entries(project).filter(([name]) => name.endsWith('.ts'));
      expect(tsFiles.length).toBeGreaterThan(0);
      for (const source of [emitTypeScript(doc), ...tsFiles.map(([, s]) => s)]) {
        expect(typescriptCode(source)).not.toContain(MARK);
      }

      const py = [
        emitPyTorchModule(doc),
        emitPyTorchTrain(doc),
        ...Object.entries(emitKerasProject(doc, { weights: false }).files)
          .filter(([name]) => name.endsWith('.py'))
          .map(([, s]) => s),
      ];
      for (const code of pythonCode(py)) expect(code).not.toContain(MARK);
    });
  }
});
