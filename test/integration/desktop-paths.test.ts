/**
 * The desktop window may only touch files the user chose in a native dialog or reopened from the
 * recent list (and what lies under them): a compromised renderer that merely names a path gets
 * A007. Driven through the same dispatch the Electron IPC handler calls, with dialogs faked.
 */
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../main/api/handlers.ts';
import type { ApiContext } from '../../main/api/handlers.ts';
import { PathGrants } from '../../main/api/paths.ts';
import { chain } from '../helpers/docs.ts';

const network = chain(
  ['x', 'Input', { kind: 'vector', shape: [2] }],
  ['out', 'Dense', { units: 1, activation: 'sigmoid' }],
  ['loss', 'BinaryCrossentropyLoss'],
);

let root: string;
let chosen: string;

function desktop(dialogAnswer: string | null = null): ApiContext {
  return {
    mode: 'desktop',
    workspace: null,
    grants: new PathGrants(),
    configDir: join(root, 'config'),
    templatesDir: join(root, 'templates'),
    version: '0.0.0-test',
    dialogs: {
      open: () => Promise.resolve(dialogAnswer),
      save: () => Promise.resolve(dialogAnswer),
    },
  };
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'netwright-desktop-'));
  chosen = join(root, 'chosen.json');
});

describe('desktop file access', () => {
  it('refuses a path the user never chose, and writes nothing', async () => {
    const ctx = desktop();
    const target = join(root, 'bashrc');
    const result = await dispatch(ctx, 'document.save', { path: target, document: network });
    expect(result).toMatchObject({ ok: false, error: { code: 'A007' } });
    await expect(stat(target)).rejects.toThrow();
    const open = await dispatch(ctx, 'document.open', { path: '/etc/hostname' });
    expect(open).toMatchObject({ ok: false, error: { code: 'A007' } });
  });

  it('lets the user save and reopen the file chosen in the save dialog', async () => {
    const ctx = desktop(chosen);
    expect(await dispatch(ctx, 'dialog.save', {})).toEqual({ ok: true, value: { path: chosen } });
    expect(await dispatch(ctx, 'document.save', { path: chosen, document: network })).toMatchObject(
      { ok: true },
    );
    expect(await dispatch(ctx, 'document.open', { path: chosen })).toMatchObject({ ok: true });
    // The document's runs live beside it and come with it.
    expect(await dispatch(ctx, 'runs.list', { documentPath: chosen })).toEqual({
      ok: true,
      value: { runs: [] },
    });
  });

  it('lets an export write inside the folder chosen for it', async () => {
    const folder = join(root, 'export');
    const ctx = desktop(folder);
    await dispatch(ctx, 'dialog.save', { kind: 'folder' });
    const result = await dispatch(ctx, 'export.write', {
      document: network,
      target: 'pytorch',
      path: folder,
    });
    expect(result).toMatchObject({ ok: true });
    expect((await stat(join(folder, 'model.py'))).isFile()).toBe(true);
  });

  it('reopens recent files after they are listed, in a new window', async () => {
    await writeFile(chosen, JSON.stringify(network));
    const first = desktop(chosen);
    await dispatch(first, 'dialog.open', {});
    expect(await dispatch(first, 'document.open', { path: chosen })).toMatchObject({ ok: true });
    const later = desktop();
    expect(await dispatch(later, 'document.open', { path: chosen })).toMatchObject({
      ok: false,
      error: { code: 'A007' },
    });
    expect(await dispatch(later, 'recent.list', {})).toEqual({
      ok: true,
      value: { paths: [chosen] },
    });
    expect(await dispatch(later, 'document.open', { path: chosen })).toMatchObject({ ok: true });
    expect(JSON.parse(await readFile(join(root, 'config', 'recent.json'), 'utf8'))).toEqual([
      chosen,
    ]);
  });
});
