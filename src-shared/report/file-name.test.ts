import { describe, expect, it } from 'vitest';
import { sanitizeBaseName, sanitizeFileName } from './file-name';

describe('export file names', () => {
  it('removes folders and path traversal', () => {
    expect(sanitizeFileName('../../etc/passwd', 'html')).toBe('etc-passwd.html');
    expect(sanitizeFileName('..\\..\\Windows\\system.ini', 'csv')).toBe('Windows-system.ini.csv');
    expect(sanitizeBaseName('..')).toBe('report');
    expect(sanitizeBaseName('/')).toBe('report');
  });

  it('replaces odd characters and keeps letters, digits, dot, dash and underscore', () => {
    expect(sanitizeBaseName('<img src=x onerror=alert(1)>')).toBe('img-src-x-onerror-alert-1');
    expect(sanitizeBaseName('run #12: sigmoid, η=3.0')).toBe('run-12-sigmoid-3.0');
    expect(sanitizeBaseName('Café naïve')).toBe('Cafe-naive');
    expect(sanitizeBaseName('a\u0000b\nc')).toBe('a-b-c');
  });

  it('never starts with a dot or dash and stays at most 80 characters', () => {
    expect(sanitizeBaseName('.hidden')).toBe('hidden');
    expect(sanitizeBaseName('--rm -rf')).toBe('rm-rf');
    expect(sanitizeBaseName('x'.repeat(300))).toHaveLength(80);
  });

  it('does not produce device names Windows reserves', () => {
    expect(sanitizeBaseName('CON')).toBe('report-CON');
    expect(sanitizeBaseName('nul.txt')).toBe('report-nul.txt');
  });
});
