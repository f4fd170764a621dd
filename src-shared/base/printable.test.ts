import { describe, expect, it } from 'vitest';
import { printable } from './printable';

const ESC = '\u001b';
const BEL = '\u0007';

describe('printable terminal text', () => {
  it('shows a clipboard write (OSC 52) as text', () => {
    const name = `${ESC}]52;c;ZWNobyBoaQ==${BEL}run`;
    expect(printable(name)).toBe('\\x1b]52;c;ZWNobyBoaQ==\\x07run');
  });

  it('shows a title change and erased lines as text', () => {
    expect(printable(`${ESC}]0;pwned${BEL}`)).toBe('\\x1b]0;pwned\\x07');
    expect(printable(`ok${ESC}[2K${ESC}[1A\r`)).toBe('ok\\x1b[2K\\x1b[1A\\x0d');
  });

  it('shows C1 controls, DEL, backspace and bidirectional overrides', () => {
    expect(printable('a\u009b2Jb\u007f\bc')).toBe('a\\x9b2Jb\\x7f\\x08c');
    expect(printable('evil\u202etxt.exe')).toBe('evil\\u202etxt.exe');
  });

  it('keeps ordinary text, accents and emoji as they are', () => {
    const text = 'σ(z) · 784-30-10 · naïve 🚀';
    expect(printable(text)).toBe(text);
  });

  it('keeps tabs and newlines, unless the text must stay on one line', () => {
    expect(printable('a\tb\nc')).toBe('a\tb\nc');
    expect(printable('a\tb\nc', { lines: false })).toBe('a\\x09b\\x0ac');
  });
});
