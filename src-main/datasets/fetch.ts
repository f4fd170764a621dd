/**
 * `backprop datasets fetch fashion-mnist`: downloads Fashion-MNIST's four gzipped idx files,
 * checks each against the MD5 Zalando Research publishes for it (the same table torchvision
 * uses), and only then moves them into the data folder together. Any failure (network, HTTP
 * status, size, checksum) names the file and leaves the data folder as it was.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { messageOf } from '../../src-shared/base/errors';

export interface PublishedFile {
  name: string;
  md5: string;
}

/** The published files and checksums (github.com/zalandoresearch/fashion-mnist, README). */
export const FASHION_FILES: PublishedFile[] = [
  { name: 'train-images-idx3-ubyte.gz', md5: '8d4fb7e6c68d591d4c3dfef9ec88bf0d' },
  { name: 'train-labels-idx1-ubyte.gz', md5: '25c81989df183df01b3e8a0aad5dffbe' },
  { name: 't10k-images-idx3-ubyte.gz', md5: 'bef4ecab320f06d8554ea6380940ec79' },
  { name: 't10k-labels-idx1-ubyte.gz', md5: 'bb300cfdad3c16e7a12a480ee83cd310' },
];

/** Zalando's own copy, over HTTPS. */
export const FASHION_BASE_URL =
  'https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/';

/** The largest file accepted (the training images are 26.4 MB). */
const MAX_BYTES = 64 * 1024 * 1024;

export interface FetchOptions {
  /** The folder to fill (datasets/locations.ts fashionDownloadDir). */
  dir: string;
  baseUrl?: string;
  files?: PublishedFile[];
  /** Told when each file starts and is verified. */
  onProgress?(message: string): void;
  fetch?: typeof fetch;
}

async function download(url: string, get: typeof fetch): Promise<Buffer> {
  let response: Response;
  try {
    response = await get(url, { redirect: 'follow' });
  } catch (error) {
    throw new Error(`${url} could not be downloaded: ${messageOf(error)}`, { cause: error });
  }
  if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}`);
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > MAX_BYTES)
    throw new Error(`${url} is ${declared} bytes, over the ${MAX_BYTES} limit`);
  const body = Buffer.from(await response.arrayBuffer());
  if (body.length > MAX_BYTES) throw new Error(`${url} is over the ${MAX_BYTES} byte limit`);
  return body;
}

/** Downloads and verifies every file, then puts them in `dir`; returns the files' paths. */
export async function fetchFashionMnist(options: FetchOptions): Promise<string[]> {
  const base = options.baseUrl ?? FASHION_BASE_URL;
  const files = options.files ?? FASHION_FILES;
  const get = options.fetch ?? fetch;
  mkdirSync(dirname(options.dir), { recursive: true });
  // Staged beside the target, so the final rename stays on one file system.
  const staging = mkdtempSync(`${options.dir}.partial-`);
  try {
    for (const file of files) {
      const url = new URL(file.name, base).toString();
      options.onProgress?.(`Downloading ${url}`);
      const bytes = await download(url, get);
      const md5 = createHash('md5').update(bytes).digest('hex');
      if (md5 !== file.md5)
        throw new Error(
          `${file.name} from ${url} has MD5 ${md5}, not the published ${file.md5}: the download is damaged or not Fashion-MNIST; nothing was installed`,
        );
      writeFileSync(join(staging, file.name), bytes);
      options.onProgress?.(`${file.name}: ${bytes.length} bytes, checksum verified`);
    }
    rmSync(options.dir, { recursive: true, force: true });
    renameSync(staging, options.dir);
    return files.map((f) => join(options.dir, f.name));
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
