/**
 * Finding the four files of an MNIST-style idx folder by name: train/test (or t10k) ×
 * images/labels, with or without .gz, with "-idx3-ubyte" or ".idx3-ubyte" endings, any case.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatasetError } from '../../src-shared/datasets/errors';
import { refusalOf } from './files';

export interface IdxFiles {
  trainImages: string;
  trainLabels: string;
  testImages: string;
  testLabels: string;
}

const patterns: Record<keyof IdxFiles, RegExp> = {
  trainImages: /train.*images.*idx3|train.*idx3.*images/i,
  trainLabels: /train.*labels.*idx1|train.*idx1.*labels/i,
  testImages: /(t10k|test).*images.*idx3|(t10k|test).*idx3.*images/i,
  testLabels: /(t10k|test).*labels.*idx1|(t10k|test).*idx1.*labels/i,
};

/** The four files in `dir`; an uncompressed file wins over its .gz twin. */
export function findIdxFiles(dir: string): IdxFiles {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new DatasetError(dir, `cannot be listed (${code})`, refusalOf(code));
  }
  const found: Partial<IdxFiles> = {};
  for (const key of Object.keys(patterns) as (keyof IdxFiles)[]) {
    const matches = names.filter((n) => patterns[key].test(n));
    const pick = matches.find((n) => !n.endsWith('.gz')) ?? matches[0];
    if (pick) found[key] = join(dir, pick);
  }
  const missing = (Object.keys(patterns) as (keyof IdxFiles)[]).filter((k) => !found[k]);
  if (missing.length > 0) {
    throw new DatasetError(
      dir,
      `has no ${missing.join(', ')} file; expected train-images-idx3-ubyte, train-labels-idx1-ubyte, ` +
        `t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte (optionally .gz); found: ${names.join(', ') || 'nothing'}`,
    );
  }
  return found as IdxFiles;
}
