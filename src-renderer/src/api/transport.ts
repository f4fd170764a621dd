/**
 * How the renderer reaches the app core. In Electron the preload exposes `window.api` built from
 * the contract (IPC); in a browser under `backprop serve` calls go over HTTP and events over SSE.
 * Both carry the same contract; the client (client.ts) does not know which one it has.
 */
import type { Transport } from '../../../src-shared/contract/client';
import { decodeWire, encodeWire } from '../../../src-shared/base/wire';

export type { Transport };

/** An error from the core, with the field-level issues when the payload was invalid. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    message: string,
    readonly issues: { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}

export interface WireReply {
  ok: boolean;
  value?: unknown;
  error?: { message: string; issues?: { path: string; message: string }[] };
}

/**
 * Over HTTP the page holds no secret: the server signed this browser in with an HttpOnly cookie
 * (see src-main/server/guard.ts), which fetch and EventSource send by themselves on our own
 * origin. The X-Backprop-Request header marks a call as the page's own (no form or image from
 * another site can send it).
 */
export const OWNER_GONE =
  'The workbench is not running at this address any more (the command that served it has ended). ' +
  'Start `backprop serve` on the same store, then try again.';

export function httpTransport(): Transport {
  let source: EventSource | null = null;
  const listeners = new Map<string, Set<(payload: unknown) => void>>();

  function connect(): EventSource {
    const es = new EventSource('/api/events');
    es.onmessage = (message) => {
      const { event, payload } = decodeWire<{ event: string; payload: unknown }>(message.data);
      listeners.get(event)?.forEach((fn) => fn(payload));
    };
    return es;
  }

  return {
    async invoke(method, args) {
      const response = await fetch(`/api/call/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-backprop-request': '1' },
        body: encodeWire(args),
      }).catch(() => {
        // The process that served this page has stopped (a `backprop train` that owned the store
        // ends with its runs; `serve` was stopped). A new owner of the store listens here again.
        throw new ApiError(OWNER_GONE);
      });
      const reply = decodeWire<WireReply>(await response.text());
      if (!reply.ok)
        throw new ApiError(reply.error?.message ?? `HTTP ${response.status}`, reply.error?.issues);
      return reply.value;
    },
    subscribe(event, listener) {
      source ??= connect();
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
  };
}

/** What the Electron preload exposes as `window.api`: exactly the contract's methods (each
 * resolving to a reply envelope, so validation issues survive IPC) and its events (each returning
 * an unsubscribe function). See src-main/electron/preload.ts. */
export type PreloadApi = Record<
  string,
  Record<string, (...args: unknown[]) => Promise<WireReply> | (() => void)>
>;

export function ipcTransport(bridge: PreloadApi): Transport {
  const member = (id: string) => {
    const [service, name] = id.split('.');
    return bridge[service][name];
  };
  return {
    async invoke(method, args) {
      const reply = (await member(method)(...args)) as WireReply;
      if (!reply.ok)
        throw new ApiError(reply.error?.message ?? 'Request failed', reply.error?.issues);
      return reply.value;
    },
    subscribe: (event, listener) => member(event)(listener) as () => void,
  };
}
