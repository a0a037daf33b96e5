/**
 * The renderer's one door to the main side. In the desktop app the preload exposes
 * `window.netwright.invoke`; in browser mode (`netwright serve`) the same channels travel over a
 * WebSocket at `/api`, authorized by the token in the page's URL. Nothing else in the renderer
 * knows which of the two it is talking to.
 */
import type {
  ApiResult,
  Channel,
  EventName,
  Events,
  Invoke,
  Request,
  Responses,
  Subscribe,
} from '../../app/api/contract.ts';

declare global {
  interface Window {
    /** Present only inside the Electron window (see main/electron/preload). */
    netwright?: { invoke: Invoke; on: Subscribe };
  }
}

/** A failed call, carrying the coded error main sent (A0xx, or E0xx problems for documents). */
export class ApiCallError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly problems: { code: string; message: string; path?: string; node?: string }[] = [],
  ) {
    super(message);
    this.name = 'ApiCallError';
  }
}

/** Long enough for a large template over a slow remote link; short enough to surface a dead server. */
const CALL_TIMEOUT_MS = 60_000;
/** How soon a socket with event listeners is reopened after it drops. */
const RECONNECT_MS = 2_000;

interface Pending {
  resolve(result: ApiResult<Channel>): void;
  timer: ReturnType<typeof setTimeout>;
}

/** One WebSocket per page, opened on first use and reopened after a drop. */
class SocketTransport {
  private socket: WebSocket | null = null;
  private opening: Promise<WebSocket> | null = null;
  private nextId = 1;
  private pending = new Map<number, Pending>();
  /** Outlive any one socket: a dropped connection is reopened and keeps its listeners. */
  private listeners = new Map<string, Set<(payload: unknown) => void>>();
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly url: string) {}

  on: Subscribe = (event, listener) => {
    const set = this.listeners.get(event) ?? new Set();
    this.listeners.set(event, set);
    const wrapped = listener as (payload: unknown) => void;
    set.add(wrapped);
    // Events only flow over an open socket, so a listener opens one without waiting for a call.
    this.connect().catch(() => this.reconnectSoon());
    return () => set.delete(wrapped);
  };

  private hasListeners(): boolean {
    return [...this.listeners.values()].some((set) => set.size > 0);
  }

  private reconnectSoon(): void {
    if (this.reconnectTimer || !this.hasListeners()) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.connect().catch(() => this.reconnectSoon());
    }, RECONNECT_MS);
  }

  invoke: Invoke = async <C extends Channel>(channel: C, request: Request<C>) => {
    const socket = await this.connect();
    const id = this.nextId++;
    return new Promise<ApiResult<C>>((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve(failure('A004', `The server did not answer ${channel} in time.`));
      }, CALL_TIMEOUT_MS);
      this.pending.set(id, { resolve: resolve as Pending['resolve'], timer });
      socket.send(JSON.stringify({ id, channel, request }));
    });
  };

  private connect(): Promise<WebSocket> {
    if (this.socket?.readyState === WebSocket.OPEN) return Promise.resolve(this.socket);
    this.opening ??= new Promise<WebSocket>((resolve, reject) => {
      const socket = new WebSocket(this.url);
      socket.addEventListener('open', () => {
        this.socket = socket;
        this.opening = null;
        resolve(socket);
      });
      socket.addEventListener('message', (event) => this.receive(event.data));
      socket.addEventListener('close', () => {
        if (this.socket === socket) this.socket = null;
        if (this.opening) {
          this.opening = null;
          reject(
            new ApiCallError(
              'A007',
              'Could not reach the Netwright server. Is `netwright serve` still running, and did you open the full URL it printed (with its token)?',
            ),
          );
        }
        this.failAll('The connection to the Netwright server closed.');
        this.reconnectSoon();
      });
    });
    return this.opening;
  }

  private receive(data: unknown): void {
    if (typeof data !== 'string') return;
    let message: { id?: unknown; result?: ApiResult<Channel>; event?: unknown; payload?: unknown };
    try {
      message = JSON.parse(data) as typeof message;
    } catch {
      return;
    }
    if (typeof message.event === 'string') {
      for (const listener of this.listeners.get(message.event) ?? []) listener(message.payload);
      return;
    }
    if (typeof message.id !== 'number' || !message.result) return;
    const waiting = this.pending.get(message.id);
    if (!waiting) return;
    clearTimeout(waiting.timer);
    this.pending.delete(message.id);
    waiting.resolve(message.result);
  }

  private failAll(reason: string): void {
    for (const [id, waiting] of this.pending) {
      clearTimeout(waiting.timer);
      waiting.resolve(failure('A004', reason));
      this.pending.delete(id);
    }
  }
}

function failure<C extends Channel>(code: string, message: string): ApiResult<C> {
  return { ok: false, error: { code, message } };
}

function socketUrl(): string {
  const token = new URLSearchParams(window.location.search).get('token');
  const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  const base = new URL('api', window.location.href);
  // Without a token in the URL the server's HttpOnly cookie (set on the first load) authorizes.
  return `${scheme}//${base.host}${base.pathname}${token ? `?token=${encodeURIComponent(token)}` : ''}`;
}

let transport: { invoke: Invoke; on: Subscribe } | null = null;

function currentTransport(): { invoke: Invoke; on: Subscribe } {
  if (transport) return transport;
  transport = window.netwright ?? new SocketTransport(socketUrl());
  return transport;
}

/** Calls a channel and gives back its result object, success or coded failure. */
export function invokeResult<C extends Channel>(
  channel: C,
  request: Request<C>,
): Promise<ApiResult<C>> {
  return currentTransport()
    .invoke(channel, request)
    .catch((err: unknown) =>
      err instanceof ApiCallError
        ? failure<C>(err.code, err.message)
        : failure<C>('A099', err instanceof Error ? err.message : String(err)),
    );
}

/** Calls a channel and gives back its value, or throws an {@link ApiCallError}. */
export async function invoke<C extends Channel>(
  channel: C,
  request: Request<C>,
): Promise<Responses[C]> {
  const result = await invokeResult(channel, request);
  if (result.ok) return result.value;
  throw new ApiCallError(result.error.code, result.error.message, result.error.problems);
}

/** Listens for an event main pushes (training progress, native menu commands); returns the unsubscribe. */
export function onEvent<E extends EventName>(
  event: E,
  listener: (payload: Events[E]) => void,
): () => void {
  return currentTransport().on(event, listener);
}
