/**
 * The `netwright` command as a person runs it: `node bin/netwright.js …` in a child process, on
 * fixture documents. Totals and shapes are checked against what tfjs builds from the same file.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emitTypeScript } from '../../app/codegen/typescript.ts';
import { compileToLayersModel } from '../../app/engine/compile.ts';
import { parseDocumentText, serializeDocument } from '../../app/graph/load.ts';
import { formatShape } from '../../app/layers/shape.ts';
import { tf, useCpuBackend } from '../helpers/tfjs-oracle.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const smallCnn = 'test/fixtures/small-cnn.json';
const invalidCnn = 'test/fixtures/invalid-cnn.json';
let scratch = '';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function netwright(...args: string[]): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['bin/netwright.js', ...args], {
      cwd: repoRoot,
      env: { ...process.env, NETWRIGHT_DEBUG: '' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

/** A user-facing failure: one line on stderr, nothing on stdout, no stack trace. */
function expectOneLineFailure(run: Run, code: number, pattern: RegExp): void {
  expect(run.stdout).toBe('');
  expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(run.stderr).not.toMatch(/^\s+at /m);
  expect(run.stderr).toMatch(pattern);
  expect(run.code).toBe(code);
}

const count = (n: number) => n.toLocaleString('en-US');

beforeAll(async () => {
  await useCpuBackend();
  scratch = mkdtempSync(join(tmpdir(), 'netwright-cli-'));
});

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('netwright summary', () => {
  it('prints a Keras-style table whose shapes and counts are what tfjs builds', async () => {
    const run = await netwright('summary', smallCnn);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    const header = lines.find((l) => l.startsWith('Layer (name)')) ?? '';
    for (const column of ['Layer (name)', 'Type', 'Output shape', 'Params', 'Connected to']) {
      expect(header).toContain(column);
    }

    const document = parseDocumentText(readFileSync(join(repoRoot, smallCnn), 'utf8'));
    const compiled = compileToLayersModel(tf, document);
    for (const [id, tensor] of compiled.tensors) {
      const row = lines.find((l) => new RegExp(`^\\s*(\\S.*\\()?${id}\\)?\\s`).test(l));
      expect(row, id).toBeDefined();
      expect(row).toContain(formatShape(tensor.shape));
      const layerParams = id === 'image' ? 0 : compiled.model.getLayer(id).countParams();
      expect(row).toMatch(new RegExp(`\\s${count(layerParams)}(\\s|$)`));
    }
    expect(lines.find((l) => l.includes('conv_2'))).toMatch(/\bpool_1$/);

    // The group is a section row, its members indented under it.
    const group = lines.indexOf('[Feature extractor]');
    expect(group).toBeGreaterThan(0);
    expect(lines[group + 1]).toMatch(/^ {2}conv_1 /);

    const model = compiled.model;
    const trainable = model.trainableWeights.reduce(
      (n, w) => n + w.shape.reduce((a: number, b) => a * (b ?? 1), 1),
      0,
    );
    expect(run.stdout).toContain(`Total params: ${count(model.countParams())}\n`);
    expect(run.stdout).toContain(`Trainable params: ${count(trainable)}\n`);
    expect(run.stdout).toContain(
      `Non-trainable params: ${count(model.countParams() - trainable)}\n`,
    );
    // By hand, a multiply-add as 2 FLOPs: conv_1 26·26·8 outputs × 3·3·1 = 97,344; pool_1
    // 13·13·8 × 2·2 = 5,408; conv_2 11·11·16 × 3·3·8 × 2 = 278,784; pool_2 5·5·16 × 4 = 1,600;
    // hidden 400·32 × 2 = 25,600; digits 32·10 × 2 = 640. Sum 409,376.
    expect(run.stdout).toMatch(/^FLOPs: 409 KFLOPs\b/m);
  });

  it('shows the problems of a broken network and exits 1', async () => {
    const run = await netwright('summary', invalidCnn);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^Total params: /m);
    expect(run.stdout).toMatch(/^ {2}E012 Add needs equal shapes: .*\(node add_3\)$/m);
  });
});

describe('netwright validate', () => {
  it('prints one coded problem per line and exits 1 on errors', async () => {
    const run = await netwright('validate', invalidCnn);
    expect(run.code).toBe(1);
    const lines = run.stdout.trimEnd().split('\n');
    for (const line of lines) expect(line).toMatch(/^[EW]\d{3} \S/);
    expect(lines).toContain(
      'E012 Add needs equal shapes: [null,8,8,3] vs [null,8,8,16] (node add_3)',
    );
    expect(lines.some((l) => /^E011 .*\(node orphan\)$/.test(l))).toBe(true);
  });

  it('exits 0 on a valid network', async () => {
    const run = await netwright('validate', smallCnn);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/valid, 9 nodes, 14,410 parameters\.\n$/);
  });

  it('prints warnings but exits 0 when there are only warnings', async () => {
    const document = parseDocumentText(readFileSync(join(repoRoot, smallCnn), 'utf8'));
    const digits = document.nodes.find((n) => n.id === 'digits');
    if (digits) digits.params.activation = 'relu'; // cross-entropy after ReLU: W101
    const file = join(scratch, 'warned.json');
    writeFileSync(file, serializeDocument(document));
    const run = await netwright('validate', file);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^W101 .*\(node loss\)$/m);
    expect(run.stdout).toMatch(/1 warning\.\n$/);
  });

  it('lists a malformed document’s load problems and exits 1', async () => {
    const file = join(scratch, 'wrong-type.json');
    writeFileSync(
      file,
      readFileSync(join(repoRoot, smallCnn), 'utf8').replace('"Conv2D"', '"Conv9D"'),
    );
    const run = await netwright('validate', file);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^E004 .*Conv9D/m);
  });
});

describe('netwright export', () => {
  it('writes the TypeScript module to stdout', async () => {
    const run = await netwright('export', smallCnn, '--lang', 'ts');
    expect(run.code).toBe(0);
    const document = parseDocumentText(readFileSync(join(repoRoot, smallCnn), 'utf8'));
    expect(run.stdout).toBe(emitTypeScript(document));
  });

  it('writes it to a file with --out', async () => {
    const out = join(scratch, 'nested/small-cnn.ts');
    const run = await netwright('export', smallCnn, '--lang', 'ts', '--out', out);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^Wrote .*small-cnn\.ts/);
    expect(readFileSync(out, 'utf8')).toContain('export function buildModel(): tf.LayersModel');
  });
});

describe('the command line', () => {
  it('--help lists the commands and exits 0', async () => {
    const run = await netwright('--help');
    expect(run.code).toBe(0);
    for (const name of ['summary', 'validate', 'export'])
      expect(run.stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
  });

  it.each([
    { args: ['frobnicate'], code: 2, says: /unknown command "frobnicate"/ },
    { args: [], code: 2, says: /netwright --help/ },
    { args: ['summary'], code: 2, says: /which file\?/ },
    { args: ['summary', smallCnn, '--colour'], code: 2, says: /unknown option "--colour"/ },
    {
      args: ['summary', 'no/such/file.json'],
      code: 1,
      says: /cannot read no\/such\/file\.json: no such file/,
    },
    { args: ['summary', 'test/fixtures'], code: 1, says: /is a folder/ },
    { args: ['summary', `${smallCnn}/inner.json`], code: 1, says: /not a folder/ },
    { args: ['validate', 'package.json', 'extra'], code: 2, says: /unexpected argument "extra"/ },
    { args: ['summary', 'package.json'], code: 1, says: /not a valid Netwright document: E002/ },
    { args: ['export', smallCnn], code: 2, says: /--lang/ },
    { args: ['export', smallCnn, '--lang', 'cobol'], code: 2, says: /unknown --lang "cobol"/ },
    { args: ['export', invalidCnn, '--lang', 'ts'], code: 1, says: /3 errors to fix/ },
  ])('netwright $args: one line on stderr, exit $code', async ({ args, code, says }) => {
    expectOneLineFailure(await netwright(...args), code, says);
  });

  it('reports a file that is not JSON in one line', async () => {
    const file = join(scratch, 'broken.json');
    writeFileSync(file, '{ "format": "netwright.graph", ');
    expectOneLineFailure(await netwright('summary', file), 1, /E001 The file is not valid JSON/);
  });

  it.skipIf(process.getuid?.() === 0)(
    'reports a file it may not read in one line (not as root, who may read anything)',
    async () => {
      const file = join(scratch, 'secret.json');
      writeFileSync(file, '{}');
      chmodSync(file, 0o000);
      expectOneLineFailure(await netwright('summary', file), 1, /permission denied/);
    },
  );
});
