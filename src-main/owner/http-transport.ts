/**
 * The contract over HTTP from Node: how a CLI command reaches the process that owns its store.
 * Calls are POST /api/call/<service.method>; events come over one Server-Sent Events stream,
 * opened on the first subscription. The owner's token goes in a header, never in a URL.
 */
import type { Transport } from '../../src-shared/contract/client';
import { ValidationError } from '../../src-shared/base/validation';
import { decodeWire, encodeWire } from '../../src-shared/base/wire';
import { messageOf } from '../../src-shared/base/errors';
import type { MethodId } from '../../src-shared/contract/services';
import { HEARTBEAT_MS } from '../server/server';

interface WireReply {
  ok: boolean;
  value?: unknown;
  error?: { message: string; issues?: { path: string; message: string }[] };
}

/** The owner did not answer (its process ended or stopped): nothing was done by this call. */
export class OwnerGoneError extends Error {
  override name = 'OwnerGoneError';
}

/** A call waits this long for the owner's answer (exports and admission of a large dataset take
 * a while); connecting to an owner uses a much shorter limit (session.ts). */
const CALL_TIMEOUT_MS = 10 * 60_000;
/** An event stream silent this long (3 heartbeats) belongs to an owner that stopped answering. */
const EVENTS_IDLE_MS = 3 * HEARTBEAT_MS;

export interface HttpTransport extends Transport {
  /** Calls `method` with a limit of `ms` on the answer (session.ts checks an owner answers). */
  invokeWithin(ms: number, method: MethodId, args: unknown[]): Promise<unknown>;
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

  const invokeWithin = async (ms: number, method: MethodId, args: unknown[]) => {
    let text: string;
    let status: number;
    try {
      const response = await fetch(new URL(`/api/call/${method}`, baseUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-backprop-token': token },
        body: encodeWire(args),
        signal: AbortSignal.timeout(ms),
      });
      status = response.status;
      text = await response.text();
    } catch (error) {
      throw new OwnerGoneError(`the store's owner did not answer (${messageOf(error)})`, {
        cause: error,
      });
    }
    const reply = decodeWire<WireReply>(text);
    if (reply.ok) return reply.value;
    const message = reply.error?.message ?? `The store's owner answered HTTP ${status}`;
    throw reply.error?.issues
      ? new ValidationError(message, reply.error.issues)
      : new Error(message);
  };

  return {
    invokeWithin,
    invoke: (method, args) => invokeWithin(CALL_TIMEOUT_MS, method, args),
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
  // Aborted by close(), or by silence longer than the owner's heartbeat allows.
  const idle = new AbortController();
  const both = AbortSignal.any([signal, idle.signal]);
  let timer = setTimeout(() => idle.abort(), EVENTS_IDLE_MS);
  const response = await fetch(new URL('/api/events', baseUrl), {
    headers: { 'x-backprop-token': token, accept: 'text/event-stream' },
    signal: both,
  });
  if (!response.ok || !response.body) throw new Error(`events: HTTP ${response.status}`);
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
      clearTimeout(timer);
      timer = setTimeout(() => idle.abort(), EVENTS_IDLE_MS);
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
    if (idle.signal.aborted)
      throw new Error(`it sent nothing for ${EVENTS_IDLE_MS / 1000} s`, { cause: error });
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
