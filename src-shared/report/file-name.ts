/**
 * Safe file names for exports: whatever a run is called, the name has no folders (no "/", "\\"
 * or ".."), no control or shell-special characters, does not start with a dot or dash, and is at
 * most 80 characters before the extension.
 */

/** A sanitized base name (without extension); `fallback` when nothing usable is left. */
export function sanitizeBaseName(text: string, fallback = 'report'): string {
  const cleaned = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/\.{2,}/g, '.')
    .replace(/-{2,}/g, '-')
    .replace(/^[.\-_]+|[.\-_]+$/g, '')
    .slice(0, 80)
    .replace(/[.\-_]+$/g, '');
  if (!cleaned) return fallback;
  // Names Windows reserves for devices cannot be files there, whatever the extension.
  return /^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i.test(cleaned) ? `${fallback}-${cleaned}` : cleaned;
}

/** A sanitized file name: base name plus the given extension (e.g. "html", "bundle.json"). */
export function sanitizeFileName(text: string, extension: string, fallback = 'report'): string {
  return `${sanitizeBaseName(text, fallback)}.${extension}`;
}
