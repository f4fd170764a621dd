/**
 * User text on a terminal: a run name holding ESC ] 52 writes the clipboard, ESC ] 0 retitles the
 * window, ESC [ 2 K erases lines. Every C0 and C1 control character (ESC, BEL, CR, backspace,
 * DEL, U+0080–U+009F) and the line and paragraph separators are shown as visible escapes instead,
 * so the text reads as what it is and cannot drive the terminal.
 */

/** C0 controls, DEL, C1 controls, U+2028/U+2029 and the bidirectional overrides and isolates
 * (which reorder what follows them). Tab and newline count only when `lines` is false. */
function isControl(code: number, lines: boolean): boolean {
  if (code === 0x09 || code === 0x0a) return !lines;
  return (
    code < 0x20 ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x2028 ||
    code === 0x2029 ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  );
}

/** `text` with its control characters written as \x1b, \x07, \u202e …; with `lines: false`
 * (a table cell, one line) tab and newline too. */
export function printable(text: string, options: { lines?: boolean } = {}): string {
  const lines = options.lines !== false;
  let out = '';
  for (const c of text) {
    const code = c.charCodeAt(0);
    out += isControl(code, lines) ? escapeOf(code) : c;
  }
  return out;
}

function escapeOf(code: number): string {
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
}
