/**
 * The Electron main process: one hardened window running the same renderer as browser mode,
 * native menus and dialogs, and the API served over IPC by the same dispatch as the WebSocket.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { dispatch } from '../api/handlers.ts';
import type { ApiContext } from '../api/handlers.ts';
import { PathGrants } from '../api/paths.ts';
import { endTraining } from '../api/training.ts';
import { configDir, packageRoot, rendererDir, templatesDir } from '../paths.ts';
import type { BrowserWindow, ElectronMain, MenuItem } from './electron-api.ts';

const {
  app,
  BrowserWindow: Window,
  ipcMain,
  dialog,
  Menu,
  session,
} = createRequire(import.meta.url)('electron') as ElectronMain;

const indexHtml = join(rendererDir, 'index.html');
const indexUrl = pathToFileURL(indexHtml).href;
const documentFilters = [{ name: 'Netwright network', extensions: ['json'] }];
const saveFilters = {
  document: documentFilters,
  typescript: [{ name: 'TypeScript', extensions: ['ts'] }],
  folder: [],
};

function createWindow(): BrowserWindow {
  const window = new Window({
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    title: 'Netwright',
    backgroundColor: '#14161a',
    webPreferences: {
      preload: join(packageRoot, 'dist', 'main', 'preload.cjs'),
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  void window.loadFile(indexHtml);
  return window;
}

function contextFor(window: () => BrowserWindow | null): ApiContext {
  const version = (
    JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }
  ).version;
  return {
    mode: 'desktop',
    workspace: null,
    grants: new PathGrants(),
    configDir: configDir(),
    templatesDir,
    version,
    events: {
      emit: (event, payload) => window()?.webContents.send(`netwright:event:${event}`, payload),
    },
    setMenu: (sections) => {
      const send = (id: string) => window()?.webContents.send('netwright:event:command', { id });
      const template: MenuItem[] = sections.map((section) => ({
        label: section.label,
        submenu: nestSubmenus(section.items, send),
      }));
      Menu.setApplicationMenu(Menu.buildFromTemplate(template));
    },
    dialogs: {
      open: async () => {
        const w = window();
        if (!w) return null;
        const result = await dialog.showOpenDialog(w, {
          properties: ['openFile'],
          filters: documentFilters,
        });
        return result.canceled ? null : (result.filePaths[0] ?? null);
      },
      save: async (suggestedName, kind) => {
        const w = window();
        if (!w) return null;
        const result = await dialog.showSaveDialog(w, {
          defaultPath: suggestedName,
          // A project export names a folder to create: no file type to append.
          filters: saveFilters[kind],
        });
        return result.canceled ? null : (result.filePath ?? null);
      },
    },
  };
}

/** A menu's items; consecutive items of one submenu (File → Export → …) share its flyout. */
function nestSubmenus(
  items: readonly {
    id: string;
    label: string;
    accelerator?: string;
    separatorBefore?: boolean;
    submenu?: string;
  }[],
  send: (id: string) => void,
): MenuItem[] {
  const built: MenuItem[] = [];
  for (const item of items) {
    if (item.separatorBefore) built.push({ type: 'separator' });
    const entry: MenuItem = {
      label: item.label,
      ...(item.accelerator ? { accelerator: item.accelerator } : {}),
      click: () => send(item.id),
    };
    const last = built.at(-1);
    if (!item.submenu) built.push(entry);
    else if (last?.label === item.submenu && last.submenu) last.submenu.push(entry);
    else built.push({ label: item.submenu, submenu: [entry] });
  }
  return built;
}

// Nothing may navigate away from the app or open new windows (links, drag-dropped URLs, injected code).
app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (event, url) => {
    if (url !== indexUrl) event.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
});

/** What the renderer may ask of the browser engine: the clipboard for copy and paste, nothing else. */
const allowedPermissions = new Set(['clipboard-read', 'clipboard-sanitized-write']);

void app.whenReady().then(() => {
  // Electron grants every permission (camera, geolocation, notifications…) unless told otherwise.
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) =>
    callback(allowedPermissions.has(permission)),
  );
  let main: BrowserWindow | null = createWindow();
  const context = contextFor(() => main);
  ipcMain.handle('netwright:api', async (event, channel, request) => {
    // Only our own page may call the API: not a subframe, not a page navigated elsewhere.
    if (event.senderFrame?.url.split('#')[0]?.split('?')[0] !== indexUrl) {
      return {
        ok: false,
        error: { code: 'A007', message: 'The API only answers the Netwright window.' },
      };
    }
    return dispatch(context, channel, request);
  });
  app.on('activate', () => {
    main ??= createWindow();
  });
  app.on('window-all-closed', () => {
    main = null;
    // A run in progress ends with the app; what it already saved stays on disk.
    void endTraining(context).finally(() => app.quit());
  });
});
