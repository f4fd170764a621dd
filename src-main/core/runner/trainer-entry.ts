/**
 * Where the built trainer lives: <package root>/out/main/trainer.js. The root is found by walking
 * up from this module to the nearest package.json, so the same code works from any bundle chunk
 * in out/main and from the sources under vitest.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function findPackageRoot(from: string = fileURLToPath(import.meta.url)): string {
  let dir = dirname(from);
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${from}`);
    dir = parent;
  }
  return dir;
}

export function trainerEntryPath(): string {
  return join(findPackageRoot(), 'out', 'main', 'trainer.js');
}

/** Throws a sentence that says what to do when the trainer has not been built. */
export function requireTrainerEntry(): string {
  const path = trainerEntryPath();
  if (!existsSync(path)) {
    throw new Error(`The trainer is not built (${path} is missing): run \`npm run build\` first`);
  }
  return path;
}
