/**
 * The only bridge between the sandboxed renderer and main. It exposes named functions, never
 * ipcRenderer itself, and drops calls on channels the contract does not list before they leave.
 * Bundled to CommonJS (sandboxed preloads cannot be ES modules).
 */
import { channels, eventNames } from '../../app/api/contract.ts';
import type { Events } from '../../app/api/contract.ts';

interface PreloadElectron {
  contextBridge: { exposeInMainWorld(key: string, api: unknown): void };
  ipcRenderer: {
    invoke(channel: string, ...args: unknown[]): Promise<unknown>;
    on(channel: string, listener: (event: unknown, payload: unknown) => void): void;
    removeListener(channel: string, listener: (event: unknown, payload: unknown) => void): void;
  };
}

// eslint-disable-next-line @typescript-eslint/no-require-imports -- sandboxed preloads only have require
const { contextBridge, ipcRenderer } = require('electron') as PreloadElectron;
const known = new Set<string>(channels);
const knownEvents = new Set<string>(eventNames);

contextBridge.exposeInMainWorld('netwright', {
  invoke(channel: string, request: unknown): Promise<unknown> {
    if (!known.has(channel)) {
      return Promise.resolve({
        ok: false,
        error: { code: 'A001', message: `Unknown API channel ${channel}.` },
      });
    }
    return ipcRenderer.invoke('netwright:api', channel, request);
  },
  on<E extends keyof Events>(event: E, listener: (payload: Events[E]) => void): () => void {
    if (!knownEvents.has(event)) return () => undefined;
    const wrapped = (_e: unknown, payload: unknown) => listener(payload as Events[E]);
    ipcRenderer.on(`netwright:event:${event}`, wrapped);
    return () => ipcRenderer.removeListener(`netwright:event:${event}`, wrapped);
  },
});
