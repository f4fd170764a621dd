#!/usr/bin/env node
// Compiles the AssemblyScript SIMD kernels (src-main/trainer/kernels/assembly/*.ts) to
// out/kernels/*.wasm. Part of `npm run build`; the .wasm files are never committed.
// First it writes kernels/assembly/_layout.ts, the context block's word numbers, from the one field
// list in src-main/trainer/fast/context-fields.ts (the file is committed; a test checks it is current).
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const sourceDir = join(root, 'src-main/trainer/kernels/assembly');
const outDir = join(root, 'out/kernels');

const layoutFile = join(sourceDir, '_layout.ts');
const layoutModule = join(root, 'src-main/trainer/fast/context-layout.ts');
if (existsSync(layoutModule)) {
  // The field list is TypeScript: Vite's module runner loads it (and what it imports).
  const { runnerImport } = await import('vite');
  const { module } = await runnerImport(layoutModule, { configFile: false, logLevel: 'silent' });
  const source = module.layoutSource();
  if (!existsSync(layoutFile) || readFileSync(layoutFile, 'utf8') !== source) {
    writeFileSync(layoutFile, source);
    console.log(`build-kernels: wrote ${layoutFile}`);
  }
}

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
// Shared memory imported from the host (every thread instantiates the module on the same memory),
// 128-bit SIMD and atomics. No managed objects (stub runtime); the host lays out all memory above
// heapBase(). Warning 112 only notes that v128 values cross function boundaries inside the module.
const ASC_FLAGS = [
  '-O3',
  '--runtime',
  'stub',
  '--enable',
  'simd,threads',
  '--importMemory',
  '--sharedMemory',
  '--initialMemory',
  '1',
  '--maximumMemory',
  '65536',
  '--noAssert',
  '--disableWarning',
  '112',
];
for (const entry of entries) {
  const out = join(outDir, entry.replace(/\.ts$/, '.wasm'));
  execFileSync(process.execPath, [asc, join(sourceDir, entry), '-o', out, ...ASC_FLAGS], {
    stdio: 'inherit',
  });
  console.log(`build-kernels: ${entry} -> ${out}`);
}
