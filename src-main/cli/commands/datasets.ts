/**
 * `backprop datasets list`: the built-in datasets, whether each is here, and how to get it if not.
 * `backprop datasets fetch fashion-mnist [--dir PATH] [--base-url URL]`: downloads Fashion-MNIST
 * into the data folder (datasets/fetch.ts), each file checked against its published MD5.
 */
import { type Command, InvalidArgumentError } from 'commander';
import { resolve } from 'node:path';
import { listDatasets } from '../../datasets';
import { fetchFashionMnist } from '../../datasets/fetch';
import { fashionDownloadDir } from '../../datasets/locations';
import { printable } from '../../../src-shared/base/printable';
import { table } from '../foreground/format';

function fetchable(name: string): 'fashion-mnist' {
  if (name !== 'fashion-mnist')
    throw new InvalidArgumentError(
      `"${name}" cannot be fetched: fashion-mnist is the only dataset to download (MNIST ships with the app)`,
    );
  return name;
}

function httpUrl(value: string): string {
  if (!/^https?:\/\//.test(value))
    throw new InvalidArgumentError('must be an http:// or https:// address');
  return value.endsWith('/') ? value : `${value}/`;
}

export function register(program: Command): void {
  const datasets = program
    .command('datasets')
    .description('list the built-in datasets, or download one');
  datasets
    .command('list')
    .description('the built-in datasets, whether each is here, and how to get one that is not')
    .action(() => {
      const rows = listDatasets().map((d) => [
        d.id,
        d.available ? 'here' : `missing: ${d.reason ?? ''}`,
      ]);
      process.stdout.write(`${table([['dataset', 'status'], ...rows])}\n`);
    });
  datasets
    .command('fetch')
    .description('download a dataset into the data folder and verify its checksums')
    .argument('<dataset>', 'fashion-mnist', fetchable)
    .option('--dir <path>', `folder to put it in (default: ${fashionDownloadDir()})`)
    .option('--base-url <url>', "a mirror of Zalando's files (default: their GitHub copy)", httpUrl)
    .action(async (_name: string, options: { dir?: string; baseUrl?: string }) => {
      const dir = options.dir ? resolve(options.dir) : fashionDownloadDir();
      await fetchFashionMnist({
        dir,
        baseUrl: options.baseUrl,
        onProgress: (message) => process.stderr.write(`${printable(message)}\n`),
      });
      const hint = options.dir ? ` (set BACKPROP_FASHION_DIR=${dir} to use it)` : '';
      process.stdout.write(`Fashion-MNIST is in ${printable(dir)}${printable(hint)}\n`);
    });
}
