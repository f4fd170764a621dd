/**
 * Who may talk to `backprop serve`: only pages it served itself, on this machine.
 * - Host must be loopback (127.0.0.1, localhost, [::1]) with our port: defeats DNS rebinding.
 * - Every request needs a credential: the session cookie (HttpOnly, SameSite=Strict) that the
 *   printed address's one-launch login token exchanges for, or that login token in the
 *   X-Backprop-Token header (scripts). No other local page can drive the server.
 * - A cross-site Origin or Sec-Fetch-Site is refused outright, and a call authenticated by the
 *   cookie must carry the X-Backprop-Request header, which no cross-origin form or image can send.
 */
import { timingSafeEqual } from 'node:crypto';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The header the page's calls carry, so a cookie alone never authorizes a call (CSRF). */
export const REQUEST_HEADER = 'x-backprop-request';
/** The header non-browser clients put the login token in. */
export const TOKEN_HEADER = 'x-backprop-token';

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

/**
 * The session cookie's name. Cookies are per host, not per port: two servers on 127.0.0.1
 * (two stores) must not overwrite each other's cookie.
 */
export function sessionCookieName(port: number): string {
  return `backprop_session_${port}`;
}
