/**
 * Browser mode's server, driven over real HTTP and WebSocket connections on loopback: the token,
 * the Origin check, the workspace jail, and the API round trips the renderer relies on.
 */
import { mkdtemp, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startServer } from '../../main/server/serve.ts';
import type { RunningServer } from '../../main/server/serve.ts';
import { chain } from '../helpers/docs.ts';

let server: RunningServer;
let workspace: string;
let outside: string;
let base: string;
let configDirectory: string;

const smallCnn = chain(
  ['x', 'Input', { shape: [28, 28, 1] }],
  ['c1', 'Conv2D', { filters: 4 }],
  ['f', 'Flatten'],
  ['out', 'Dense', { units: 10, activation: 'softmax' }],
  ['loss', 'CategoricalCrossentropyLoss'],
);

beforeAll(async () => {
  const root = await mkdtemp(join(tmpdir(), 'netwright-server-'));
  workspace = join(root, 'workspace');
  outside = join(root, 'outside');
  const renderer = join(root, 'renderer');
  const templates = join(root, 'templates');
  for (const dir of [workspace, outside, renderer, templates]) await mkdir(dir);
  await writeFile(join(renderer, 'index.html'), '<!doctype html><title>Netwright</title>');
  await writeFile(join(outside, 'secret.json'), JSON.stringify(smallCnn));
  await symlink(outside, join(workspace, 'escape'));
  await writeFile(
    join(templates, 'index.json'),
    JSON.stringify({
      templates: [{ file: 'tiny.json', title: 'Tiny', summary: 's', params: 1, tags: [] }],
    }),
  );
  await writeFile(join(templates, 'tiny.json'), JSON.stringify(smallCnn));
  server = await startServer({
    host: '127.0.0.1',
    port: 0,
    rendererDir: renderer,
    context: {
      mode: 'browser',
      workspace,
      configDir: (configDirectory = join(root, 'config')),
      templatesDir: templates,
      version: '0.0.0-test',
    },
  });
  base = server.url.replace(/\/\?token=.*$/, '');
});

afterAll(async () => {
  await server.close();
});

/** Opens the API socket; resolves with a call function or rejects with the HTTP refusal. */
function connect(options: { token?: string | null; origin?: string } = {}) {
  const token = options.token === undefined ? server.token : options.token;
  const url = `${base.replace('http', 'ws')}/api${token === null ? '' : `?token=${token}`}`;
  const ws = new WebSocket(url, { headers: { Origin: options.origin ?? base } });
  return new Promise<{
    call: (
      channel: string,
      request?: unknown,
    ) => Promise<{
      ok: boolean;
      value?: unknown;
      error?: { code: string; message: string; problems?: unknown[] };
    }>;
    close: () => void;
  }>((resolve, reject) => {
    let next = 0;
    const pending = new Map<number, (result: never) => void>();
    ws.on('message', (data) => {
      const { id, result } = JSON.parse((data as Buffer).toString('utf8')) as {
        id: number;
        result: never;
      };
      pending.get(id)?.(result);
    });
    ws.on('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.on('error', reject);
    ws.on('open', () =>
      resolve({
        call: (channel, request = {}) =>
          new Promise((done) => {
            const id = next++;
            pending.set(id, done);
            ws.send(JSON.stringify({ id, channel, request }));
          }),
        close: () => ws.close(),
      }),
    );
  });
}

describe('HTTP', () => {
  it('listens on loopback and prints a URL with a token', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{48}$/);
  });

  it('refuses a page request without the token', async () => {
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(401);
  });

  it('refuses a wrong token', async () => {
    const res = await fetch(`${base}/?token=${'0'.repeat(48)}`);
    expect(res.status).toBe(401);
  });

  it('refuses, and survives, a non-ASCII token of the right length in characters', async () => {
    const guess = encodeURIComponent('é' + 'a'.repeat(47));
    expect((await fetch(`${base}/?token=${guess}`)).status).toBe(401);
    await expect(connect({ token: guess })).rejects.toThrow('HTTP 401');
    expect((await fetch(server.url)).status).toBe(200);
  });

  it('serves the UI with the token and sets an HttpOnly cookie for its assets', async () => {
    const res = await fetch(server.url);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>Netwright</title>');
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const withCookie = await fetch(`${base}/index.html`, {
      headers: { cookie: cookie.split(';')[0] ?? '' },
    });
    expect(withCookie.status).toBe(200);
  });

  it('never serves files outside the built UI', async () => {
    // Sent raw (fetch would normalize the dots away): each names ../outside/secret.json, which
    // exists beside the renderer folder.
    const paths = [
      '/../outside/secret.json',
      '/..%2foutside%2fsecret.json',
      '/%2e%2e/outside/secret.json',
      '/..\\outside\\secret.json',
    ];
    for (const path of paths) {
      const status = await new Promise<number>((resolve, reject) => {
        const req = request(`${base}/`, { path: `${path}?token=${server.token}` }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
      expect(status, path).toBe(404);
    }
  });
});

describe('WebSocket API', () => {
  it('refuses an upgrade without the token', async () => {
    await expect(connect({ token: null })).rejects.toThrow('HTTP 401');
  });

  it('refuses an upgrade from another Origin, even with the token', async () => {
    await expect(connect({ origin: 'http://evil.example' })).rejects.toThrow('HTTP 403');
  });

  it('answers app.info', async () => {
    const api = await connect();
    const result = await api.call('app.info');
    expect(result).toEqual({
      ok: true,
      value: { version: '0.0.0-test', mode: 'browser', workspace },
    });
    api.close();
  });

  it('saves atomically and reopens the same document', async () => {
    const api = await connect();
    expect(await api.call('document.save', { path: 'nets/cnn.json', document: smallCnn })).toEqual({
      ok: true,
      value: { path: 'nets/cnn.json' },
    });
    const onDisk = JSON.parse(
      await readFile(join(workspace, 'nets', 'cnn.json'), 'utf8'),
    ) as unknown;
    expect(onDisk).toEqual(smallCnn);
    const opened = await api.call('document.open', { path: 'nets/cnn.json' });
    expect(opened).toEqual({ ok: true, value: { path: 'nets/cnn.json', document: smallCnn } });
    const listing = await api.call('document.list', { dir: 'nets' });
    expect(listing.value).toEqual({
      dir: 'nets',
      entries: [{ name: 'cnn.json', path: 'nets/cnn.json', kind: 'file' }],
    });
    const recent = await api.call('recent.list');
    expect(recent.value).toEqual({ paths: ['nets/cnn.json'] });
    api.close();
  });

  it('keeps opening and saving inside the workspace, symlinks included', async () => {
    const api = await connect();
    for (const path of ['../outside/secret.json', '/etc/passwd', 'escape/secret.json']) {
      const result = await api.call('document.open', { path });
      expect(result.ok, path).toBe(false);
      expect(result.error?.code, path).toBe('A003');
    }
    const save = await api.call('document.save', { path: 'escape/new.json', document: smallCnn });
    expect(save.error?.code).toBe('A003');
    api.close();
  });

  it('refuses an invalid document with its coded problems and writes nothing', async () => {
    const api = await connect();
    const broken = {
      ...smallCnn,
      nodes: [...smallCnn.nodes, { ...smallCnn.nodes[1], type: 'Conv9D' }],
    };
    const result = await api.call('document.save', { path: 'broken.json', document: broken });
    expect(result.ok).toBe(false);
    expect(result.error?.code).toBe('A005');
    expect(JSON.stringify(result.error?.problems)).toContain('E004');
    await expect(readFile(join(workspace, 'broken.json'))).rejects.toThrow();
    api.close();
  });

  it('answers unknown channels and malformed payloads with codes, and keeps serving', async () => {
    const api = await connect();
    expect((await api.call('fs.readAnything', { path: '/etc/passwd' })).error?.code).toBe('A001');
    expect((await api.call('__proto__')).error?.code).toBe('A001');
    expect((await api.call('document.open', { path: 42 })).error?.code).toBe('A002');
    expect((await api.call('templates.open', { file: '../package.json' })).error?.code).toBe(
      'A002',
    );
    expect((await api.call('app.info')).ok).toBe(true);
    api.close();
  });

  it('keeps a recovery copy until it is cleared', async () => {
    const api = await connect();
    expect((await api.call('recovery.read')).value).toBeNull();
    const written = await api.call('recovery.write', { document: smallCnn, path: 'nets/cnn.json' });
    expect(written.ok).toBe(true);
    const read = await api.call('recovery.read');
    expect(read.value).toMatchObject({ document: smallCnn, path: 'nets/cnn.json' });
    await api.call('recovery.clear');
    expect((await api.call('recovery.read')).value).toBeNull();
    api.close();
  });

  it('never lists recent files from outside the workspace', async () => {
    const api = await connect();
    const recentFile = join(configDirectory, 'recent.json');
    const before = await readFile(recentFile, 'utf8');
    await writeFile(
      recentFile,
      JSON.stringify([join(outside, 'secret.json'), join(workspace, 'nets', 'cnn.json')]),
    );
    expect((await api.call('recent.list')).value).toEqual({ paths: ['nets/cnn.json'] });
    await writeFile(recentFile, before);
    api.close();
  });

  it('lists and opens templates', async () => {
    const api = await connect();
    const list = await api.call('templates.list');
    expect(list.value).toEqual({
      templates: [{ file: 'tiny.json', title: 'Tiny', summary: 's', params: 1, tags: [] }],
    });
    const opened = await api.call('templates.open', { file: 'tiny.json' });
    expect(opened.value).toEqual({ document: smallCnn });
    api.close();
  });
});
