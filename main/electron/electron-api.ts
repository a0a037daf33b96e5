/**
 * The part of Electron's API the shell uses. `electron` is an optional dependency (its install
 * downloads a binary, which some machines cannot), so the shell is typed against this subset and
 * loads the real module at run time; type checks then pass with or without Electron installed.
 */
export interface IpcMainInvokeEvent {
  senderFrame: { url: string } | null;
}

export interface WebContents {
  on(
    event: 'will-navigate',
    listener: (event: { preventDefault(): void }, url: string) => void,
  ): void;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  send(channel: string, ...args: unknown[]): void;
}

export interface BrowserWindow {
  webContents: WebContents;
  loadFile(path: string): Promise<void>;
  setTitle(title: string): void;
  on(event: 'close', listener: (event: { preventDefault(): void }) => void): void;
  destroy(): void;
}

export interface ElectronMain {
  app: {
    whenReady(): Promise<void>;
    on(event: 'window-all-closed' | 'activate', listener: () => void): void;
    on(
      event: 'web-contents-created',
      listener: (event: unknown, contents: WebContents) => void,
    ): void;
    quit(): void;
    getVersion(): string;
    getPath(name: 'userData'): string;
  };
  BrowserWindow: new (options: {
    width: number;
    height: number;
    minWidth?: number;
    minHeight?: number;
    title?: string;
    backgroundColor?: string;
    show?: boolean;
    webPreferences: {
      preload: string;
      sandbox: true;
      contextIsolation: true;
      nodeIntegration: false;
      webSecurity: true;
      spellcheck?: boolean;
    };
  }) => BrowserWindow;
  ipcMain: {
    handle(
      channel: string,
      listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>,
    ): void;
  };
  dialog: {
    showOpenDialog(
      window: BrowserWindow,
      options: { properties: string[]; filters: { name: string; extensions: string[] }[] },
    ): Promise<{ canceled: boolean; filePaths: string[] }>;
    showSaveDialog(
      window: BrowserWindow,
      options: { defaultPath?: string; filters: { name: string; extensions: string[] }[] },
    ): Promise<{ canceled: boolean; filePath?: string }>;
  };
  session: {
    defaultSession: {
      setPermissionRequestHandler(
        handler: (
          contents: unknown,
          permission: string,
          callback: (granted: boolean) => void,
        ) => void,
      ): void;
    };
  };
  Menu: {
    buildFromTemplate(template: MenuItem[]): unknown;
    setApplicationMenu(menu: unknown): void;
  };
}

export interface MenuItem {
  label?: string;
  role?: string;
  type?: 'separator';
  accelerator?: string;
  submenu?: MenuItem[];
  click?: () => void;
}
