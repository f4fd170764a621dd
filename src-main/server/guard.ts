/**
 * Who may talk to `backprop serve`: only pages it served itself, on this machine.
 * - Host must be loopback (127.0.0.1, localhost, [::1]) with our port: defeats DNS rebinding.
 * - The per-launch token must come with every API call (header, or query for EventSource and the
 *   first page load): no other local page can drive the server.
 * - A cross-site Origin or Sec-Fetch-Site is refused outright.
 */
import { timingSafeEqual } from 'node:crypto';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function isLoopbackHost(hostHeader: string | undefined, port: number): boolean {
  if (!hostHeader) return false;
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(hostHeader.trim().toLowerCase());
  if (!match) return false;
  const [, host, hostPort] = match;
  return (
    LOOPBACK_HOSTS.has(host) && (hostPort === undefined ? port === 80 : Number(hostPort) === port)
  );
}

export function tokenMatches(given: string | null | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** True when the browser says the request comes from another site. */
export function isCrossSite(
  origin: string | undefined,
  fetchSite: string | undefined,
  port: number,
): boolean {
  if (fetchSite && fetchSite !== 'same-origin' && fetchSite !== 'none') return true;
  if (!origin) return false;
  try {
    const url = new URL(origin);
    return !isLoopbackHost(url.host, port) || url.protocol !== 'http:';
  } catch {
    return true;
  }
}
