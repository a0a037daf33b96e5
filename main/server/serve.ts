/**
 * Browser mode: serves the built renderer and the API over a WebSocket, like Jupyter. It listens on
 * loopback unless told otherwise, and every request needs the random token printed at start
 * (in the URL the first time, then in an HttpOnly cookie). WebSocket upgrades must also come from
 * the server's own Origin, so another site open in the same browser cannot drive the API.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { RawData, WebSocket } from 'ws';
import type { Events } from '../../app/api/contract.ts';
import { dispatch } from '../api/handlers.ts';
import type { ApiContext } from '../api/handlers.ts';
import { endTraining } from '../api/training.ts';
import { readStatic } from './static.ts';

export interface ServeOptions {
  host: string;
  port: number;
  /** Built renderer (index.html and assets). */
  rendererDir: string;
  context: ApiContext;
  /** Fixed token (tests); random otherwise. */
  token?: string;
}

export interface RunningServer {
  url: string;
  token: string;
  server: Server;
  close(): Promise<void>;
}

const COOKIE = 'netwright_token';
/** Largest API message accepted: a big template is a few MB of JSON. */
const MAX_MESSAGE_BYTES = 32 * 1024 * 1024;

const securityHeaders = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const token = options.token ?? randomBytes(24).toString('hex');
  const server = createServer((req, res) => {
    // Whatever a request provokes, it must not become an unhandled rejection that ends the server.
    handleHttp(req, res, options, token).catch((err: unknown) => {
      console.error('[netwright] request failed:', err);
      if (!res.headersSent) res.writeHead(500, securityHeaders);
      res.end();
    });
  });
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  // Events (training progress) go to every window connected to this server: a second tab, or a
  // reloaded one, follows the same run. Server → client messages are `{ event, payload }`.
  const context: ApiContext = {
    ...options.context,
    events: {
      emit<E extends keyof Events>(event: E, payload: Events[E]) {
        const message = JSON.stringify({ event, payload });
        for (const client of sockets.clients) {
          if (client.readyState === client.OPEN) client.send(message);
        }
      },
    },
  };

  server.on('upgrade', (req, socket, head) => {
    const refused = (status: string) => {
      socket.write(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`);
      socket.destroy();
    };
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      return refused('400 Bad Request');
    }
    const origin = req.headers.origin;
    const ownOrigins = allowedOrigins(server, options.host, req.headers.host);
    if (url.pathname !== '/api') return refused('404 Not Found');
    if (!hasToken(req, url, token)) return refused('401 Unauthorized');
    if (origin !== undefined && !ownOrigins.has(origin)) return refused('403 Forbidden');
    sockets.handleUpgrade(req, socket, head, (ws) => serveSocket(ws, context));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${shownHost}:${port}/?token=${token}`,
    token,
    server,
    close: async () => {
      await endTraining(context);
      await new Promise<void>((resolve) => {
        for (const client of sockets.clients) client.terminate();
        sockets.close();
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function serveSocket(ws: WebSocket, context: ApiContext): void {
  ws.on('message', (data, isBinary) => {
    if (isBinary) return;
    let message: { id?: unknown; channel?: unknown; request?: unknown };
    try {
      message = JSON.parse(rawText(data)) as typeof message;
    } catch {
      ws.send(
        JSON.stringify({
          id: null,
          result: { ok: false, error: { code: 'A002', message: 'The message is not JSON.' } },
        }),
      );
      return;
    }
    const id = typeof message.id === 'number' || typeof message.id === 'string' ? message.id : null;
    void dispatch(context, message.channel, message.request).then((result) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id, result }));
    });
  });
}

async function handleHttp(
  req: IncomingMessage,
  res: ServerResponse,
  options: ServeOptions,
  token: string,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, securityHeaders).end();
    return;
  }
  if (!hasToken(req, url, token)) {
    res.writeHead(401, { ...securityHeaders, 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(
      'Netwright: this address needs the token printed by `netwright serve` (open the full URL it printed).\n',
    );
    return;
  }
  const file = await readStatic(options.rendererDir, url.pathname);
  if (!file) {
    const missingBuild = url.pathname === '/' || url.pathname === '/index.html';
    res.writeHead(404, { ...securityHeaders, 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(
      missingBuild
        ? 'Netwright: the UI is not built yet; run `npm run build:renderer`.\n'
        : 'Not found.\n',
    );
    return;
  }
  const headers: Record<string, string> = { ...securityHeaders, 'Content-Type': file.type };
  if (url.searchParams.get('token') === token) {
    headers['Set-Cookie'] = `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
  }
  res.writeHead(200, headers);
  res.end(req.method === 'HEAD' ? undefined : file.body);
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data as ArrayBuffer).toString('utf8');
}

function hasToken(req: IncomingMessage, url: URL, token: string): boolean {
  const given = url.searchParams.get('token') ?? cookieValue(req.headers.cookie, COOKIE);
  if (given === null) return false;
  // Compare bytes, not characters: a non-ASCII guess of the right length in characters has
  // another length in bytes, and timingSafeEqual throws on unequal lengths.
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieValue(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return null;
}

/**
 * On loopback, only the loopback names of this port (a rebinding site's Host is refused). When the
 * user chose another --host, the page's own address, whatever name it was reached by.
 */
function allowedOrigins(server: Server, host: string, hostHeader: string | undefined): Set<string> {
  const { port } = server.address() as AddressInfo;
  if (!isLoopback(host)) return new Set(hostHeader ? [`http://${hostHeader}`] : []);
  return new Set(['localhost', '127.0.0.1', '[::1]'].map((h) => `http://${h}:${port}`));
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}
