/**
 * Starts `netwright serve` the way a person does (`node bin/netwright.js serve`) in a throwaway
 * workspace and config folder, and reads the URL with its token from the one line it prints.
 * Shared by the end-to-end tests' global setup and the canvas benchmark.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(import.meta.dirname, '../../..');

export interface RunningNetwright {
  url: string;
  origin: string;
  token: string;
  workspace: string;
  configDir: string;
  stop(): Promise<void>;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
    else newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds the renderer when there is no build, or when its sources are newer than the build. */
export function ensureRendererBuilt(): void {
  const index = join(repoRoot, 'dist', 'renderer', 'index.html');
  const sources = Math.max(
    newestMtime(join(repoRoot, 'renderer')),
    newestMtime(join(repoRoot, 'app')),
  );
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  const built = spawnSync('npx', ['vite', 'build', '--config', 'renderer/vite.config.ts'], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  if (built.status !== 0) throw new Error('Building the renderer failed (see the output above).');
}

export async function startNetwright(): Promise<RunningNetwright> {
  const workspace = mkdtempSync(join(tmpdir(), 'netwright-e2e-workspace-'));
  const configDir = mkdtempSync(join(tmpdir(), 'netwright-e2e-config-'));
  const child: ChildProcess = spawn(
    process.execPath,
    ['bin/netwright.js', 'serve', '--port', '0', '--workspace', workspace],
    {
      cwd: repoRoot,
      env: { ...process.env, NETWRIGHT_CONFIG_DIR: configDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const url = await new Promise<string>((found, failed) => {
    const timer = setTimeout(
      () => failed(new Error(`netwright serve printed no URL:\n${output}`)),
      60_000,
    );
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Netwright is running at (\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        found(match[1]);
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      failed(new Error(`netwright serve exited with ${code}:\n${output}`));
    });
  });
  const parsed = new URL(url);
  return {
    url,
    origin: parsed.origin,
    token: parsed.searchParams.get('token') ?? '',
    workspace,
    configDir,
    stop: () =>
      new Promise<void>((done) => {
        const finish = () => {
          rmSync(workspace, { recursive: true, force: true });
          rmSync(configDir, { recursive: true, force: true });
          done();
        };
        if (child.exitCode !== null) return finish();
        child.once('exit', finish);
        child.kill('SIGTERM');
      }),
  };
}
