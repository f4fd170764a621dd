/**
 * The contract over HTTP from Node: how a CLI command reaches the process that owns its store.
 * Calls are POST /api/call/<service.method>; events come over one Server-Sent Events stream,
 * opened on the first subscription. The owner's token goes in a header, never in a URL.
 */
import type { Transport } from '../../src-shared/contract/client';
import { ValidationError } from '../../src-shared/base/validation';
import { decodeWire, encodeWire } from '../../src-shared/base/wire';

interface WireReply {
  ok: boolean;
  value?: unknown;
  error?: { message: string; issues?: { path: string; message: string }[] };
}

export interface HttpTransport extends Transport {
  /** Closes the event stream. */
  close(): void;
  /** Called once when the owner's event stream ends without close() (the owner went away). */
  onLost(listener: (reason: string) => void): void;
}

export function nodeHttpTransport(baseUrl: string, token: string): HttpTransport {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const lostListeners: ((reason: string) => void)[] = [];
  const abort = new AbortController();
  let stream: Promise<void> | null = null;
  let closed = false;
  const lost = (reason: string) => {
    if (closed) return;
    closed = true;
    lostListeners.splice(0).forEach((fn) => fn(reason));
  };
  const deliver = (data: string) => {
    const { event, payload } = decodeWire<{ event: string; payload: unknown }>(data);
    listeners.get(event)?.forEach((fn) => fn(payload));
  };

  return {
    async invoke(method, args) {
      const response = await fetch(new URL(`/api/call/${method}`, baseUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-backprop-token': token },
        body: encodeWire(args),
      });
      const reply = decodeWire<WireReply>(await response.text());
      if (reply.ok) return reply.value;
      const message = reply.error?.message ?? `The store's owner answered HTTP ${response.status}`;
      throw reply.error?.issues
        ? new ValidationError(message, reply.error.issues)
        : new Error(message);
    },
    subscribe(event, listener) {
      stream ??= readEvents(baseUrl, token, abort.signal, deliver).then(
        () => lost('the owner closed its event stream'),
        (error: Error) => lost(error.message),
      );
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
    close() {
      closed = true;
      abort.abort();
    },
    onLost(listener) {
      lostListeners.push(listener);
    },
  };
}

/** Reads the SSE stream until it ends, handing every `data:` payload to `deliver`. */
async function readEvents(
  baseUrl: string,
  token: string,
  signal: AbortSignal,
  deliver: (data: string) => void,
): Promise<void> {
  const response = await fetch(new URL('/api/events', baseUrl), {
    headers: { 'x-backprop-token': token, accept: 'text/event-stream' },
    signal,
  });
  if (!response.ok || !response.body) throw new Error(`events: HTTP ${response.status}`);
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block
          .split('\n')
          .filter((line) => line.startsWith('data:'))
          .map((line) => line.slice(line.startsWith('data: ') ? 6 : 5))
          .join('\n');
        if (data) deliver(data);
      }
    }
  } catch (error) {
    if (signal.aborted) return;
    throw error;
  }
}
