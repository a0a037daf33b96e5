/**
 * The desktop shell, through Playwright's Electron support. Electron's binary is an optional
 * download that some machines (CI here among them) cannot fetch: there these tests are reported as
 * skipped with that reason, never faked.
 */
import { spawnSync } from 'node:child_process';
import { _electron as electron, expect, test } from '@playwright/test';
import { electronBinary, electronSkipReason } from './support/electron-binary.ts';

const binary = electronBinary();

test.describe('desktop shell', () => {
  test.skip(binary === null, electronSkipReason);

  test.beforeAll(() => {
    const built = spawnSync('npm', ['run', 'build:main'], { stdio: 'inherit' });
    expect(built.status).toBe(0);
  });

  test('opens a hardened window that talks to main only through the preload', async () => {
    const app = await electron.launch({
      executablePath: binary as string,
      args: ['dist/main/electron.mjs'],
    });
    const window = await app.firstWindow();
    await expect(window).toHaveTitle(/Netwright/);
    // Typed by hand: the electron package (and its types) is optional and may be absent.
    type Prefs = { sandbox?: boolean; contextIsolation?: boolean; nodeIntegration?: boolean };
    type Shell = {
      BrowserWindow: { getAllWindows(): { webContents: { getLastWebPreferences(): Prefs } }[] };
    };
    const prefs = await app.evaluate((electronModule: unknown) => {
      const p = (
        electronModule as Shell
      ).BrowserWindow.getAllWindows()[0]?.webContents.getLastWebPreferences();
      return {
        sandbox: p?.sandbox,
        contextIsolation: p?.contextIsolation,
        nodeIntegration: p?.nodeIntegration,
      };
    });
    expect(prefs).toEqual({ sandbox: true, contextIsolation: true, nodeIntegration: false });
    const exposed = await window.evaluate(() => ({
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
      api: Object.keys((globalThis as unknown as { netwright: object }).netwright).sort(),
    }));
    expect(exposed).toEqual({ require: 'undefined', process: 'undefined', api: ['invoke', 'on'] });
    const refused = await window.evaluate(() =>
      (
        globalThis as unknown as { netwright: { invoke(c: string, r: unknown): Promise<unknown> } }
      ).netwright.invoke('fs.read', {}),
    );
    expect(refused).toMatchObject({ ok: false, error: { code: 'A001' } });
    const info = await window.evaluate(() =>
      (
        globalThis as unknown as { netwright: { invoke(c: string, r: unknown): Promise<unknown> } }
      ).netwright.invoke('app.info', {}),
    );
    expect(info).toMatchObject({ ok: true, value: { mode: 'desktop' } });
    await app.close();
  });
});
