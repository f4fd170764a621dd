/**
 * The renderer page's Content-Security-Policy, sent as a response header by both hosts that serve
 * the page: `backprop serve` (server/server.ts) and the desktop app's app:// scheme
 * (electron/app-scheme.ts). A header, not a <meta> tag: `frame-ancestors` only works in a header
 * (Chromium logs that a <meta> policy ignores it), and so does a policy for the first bytes.
 */
export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // Vue's scoped styles and chart.js set inline style attributes.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
