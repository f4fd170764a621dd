#!/usr/bin/env node
// Compiles the AssemblyScript SIMD kernels (src-main/trainer/kernels/assembly/*.ts) to
// out/kernels/*.wasm. Part of `npm run build`; the .wasm files are never committed.
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const sourceDir = join(root, 'src-main/trainer/kernels/assembly');
const outDir = join(root, 'out/kernels');

const entries = existsSync(sourceDir)
  ? readdirSync(sourceDir).filter(
      (f) => f.endsWith('.ts') && !f.startsWith('_') && f !== 'tsconfig.json',
    )
  : [];
if (entries.length === 0) {
  console.log('build-kernels: no kernel sources yet');
  process.exit(0);
}
mkdirSync(outDir, { recursive: true });
const asc = join(root, 'node_modules/assemblyscript/bin/asc.js');
for (const entry of entries) {
  const out = join(outDir, entry.replace(/\.ts$/, '.wasm'));
  execFileSync(
    process.execPath,
    [asc, join(sourceDir, entry), '-o', out, '-O3', '--runtime', 'stub', '--enable', 'simd'],
    { stdio: 'inherit' },
  );
  console.log(`build-kernels: ${entry} -> ${out}`);
}
