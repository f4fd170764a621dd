/**
 * src-shared runs in every process, including the sandboxed renderer: it must not import
 * electron, Node built-ins or host libraries, nor touch DOM or process globals. ESLint enforces
 * this while editing; this test enforces it in `npm test` even if the lint config changes.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = import.meta.dirname;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
  });
}

const forbiddenImport =
  /\bfrom\s+['"](electron|better-sqlite3|node:[^'"]+|fs|fs\/promises|path|os|child_process|worker_threads|http|https|net|crypto|zlib)['"]|\bfrom\s+['"][^'"]*src-(main|renderer)\//;
const forbiddenGlobal = /(^|[^.\w])(window|document|process|Buffer|require)\s*[.([]/m;

describe('src-shared purity', () => {
  const files = sourceFiles(root);

  it('finds the shared sources', () => {
    expect(files.length).toBeGreaterThan(5);
  });

  it('imports nothing from electron, node:* or the other layers', () => {
    const offenders = files
      .filter((f) => forbiddenImport.test(readFileSync(f, 'utf8')))
      .map((f) => relative(root, f));
    expect(offenders).toEqual([]);
  });

  it('touches no DOM or host-process globals', () => {
    const offenders = files
      .filter((f) =>
        forbiddenGlobal.test(readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '')),
      )
      .map((f) => relative(root, f));
    expect(offenders).toEqual([]);
  });
});
