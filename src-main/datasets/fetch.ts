/**
 * `backprop datasets fetch fashion-mnist`: downloads Fashion-MNIST's four gzipped idx files,
 * checks each against the MD5 Zalando Research publishes for it (the same table torchvision
 * uses), and only then moves them into the data folder together. Any failure (network, HTTP
 * status, a stall, size, checksum) names the file and leaves the data folder as it was.
 *
 * The target may be a folder the person named (`--dir`): it is replaced only when it is absent,
 * empty or holds nothing but Fashion-MNIST's own files, and the swap keeps the earlier copy until
 * the new one is in place, so a failure at any step never leaves the folder half-written or gone.
 * A fetch killed midway leaves its staging folders beside the target; the next fetch clears them
 * (two fetches into one folder at the same time are not supported: the later clears the earlier's).
 */
import { createHash } from 'node:crypto';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
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
/** How long a server may send nothing (no headers, no bytes) before the download is given up. */
const IDLE_TIMEOUT_MS = 30_000;

export interface FetchOptions {
  /** The folder to fill (datasets/locations.ts fashionDownloadDir). */
  dir: string;
  baseUrl?: string;
  files?: PublishedFile[];
  /** Told when each file starts and is verified. */
  onProgress?(message: string): void;
  fetch?: typeof fetch;
  idleTimeoutMs?: number;
  maxBytes?: number;
}

interface Limits {
  get: typeof fetch;
  idleMs: number;
  maxBytes: number;
}

/** The response to `url`, refusing an HTTPS address that redirects to something else. */
async function request(url: string, limits: Limits, signal: AbortSignal): Promise<Response> {
  const response = await limits.get(url, { redirect: 'follow', signal });
  const landed = response.url || url;
  if (new URL(url).protocol === 'https:' && new URL(landed).protocol !== 'https:')
    throw new Error(`${url} was redirected to ${landed}, which is not HTTPS: refused`);
  if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}`);
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > limits.maxBytes)
    throw new Error(`${url} is ${declared} bytes, over the ${limits.maxBytes} byte limit`);
  return response;
}

/** The body of `url`, read as it arrives: counted against the limit, given up after a silence. */
async function download(url: string, limits: Limits): Promise<Buffer> {
  const quiet = new AbortController();
  const tooQuiet = new Error(`${url} sent nothing for ${limits.idleMs / 1000} s: giving up`);
  let timer = setTimeout(() => quiet.abort(tooQuiet), limits.idleMs);
  const stillTalking = () => {
    clearTimeout(timer);
    timer = setTimeout(() => quiet.abort(tooQuiet), limits.idleMs);
  };
  try {
    const response = await request(url, limits, quiet.signal);
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of (response.body ?? []) as AsyncIterable<Uint8Array>) {
      stillTalking();
      size += chunk.length;
      if (size > limits.maxBytes)
        throw new Error(`${url} is over the ${limits.maxBytes} byte limit`);
      chunks.push(chunk);
    }
    return Buffer.concat(chunks);
  } catch (error) {
    if (quiet.signal.aborted) throw tooQuiet;
    if (messageOf(error).startsWith(url)) throw error;
    throw new Error(`${url} could not be downloaded: ${messageOf(error)}`, { cause: error });
  } finally {
    clearTimeout(timer);
    quiet.abort(); // ends a body left unread after an error
  }
}

/** Refuses a target that is not a folder, or holds anything but the files about to replace it. */
function checkReplaceable(dir: string, files: PublishedFile[]): void {
  if (!existsSync(dir)) return;
  if (!lstatSync(dir).isDirectory())
    throw new Error(`${dir} exists and is not a folder: choose a new or empty folder`);
  const ours = new Set(files.map((f) => f.name));
  const other = readdirSync(dir).find((name) => !ours.has(name));
  if (other !== undefined)
    throw new Error(
      `${dir} holds ${other}, which is not a Fashion-MNIST file: choose a new or empty folder (nothing was downloaded or changed)`,
    );
}

/** Clears the staging folders a killed fetch left beside `dir`; an earlier copy it had moved
 * aside and not yet replaced goes back to `dir` first. */
function recoverFromKilledFetch(dir: string): void {
  const parent = dirname(dir);
  if (!existsSync(parent)) return;
  const name = basename(dir);
  for (const entry of readdirSync(parent)) {
    const path = join(parent, entry);
    if (entry.startsWith(`${name}.earlier-`) && !existsSync(dir)) renameSync(path, dir);
    else if (entry.startsWith(`${name}.earlier-`) || entry.startsWith(`${name}.partial-`))
      rmSync(path, { recursive: true, force: true });
  }
}

/** Puts `staging` at `dir`; an earlier copy is moved aside first and back if the move fails. */
function swapIn(staging: string, dir: string): void {
  if (!existsSync(dir)) return renameSync(staging, dir);
  const aside = staging.replace(/\.partial-(?=[^.]*$)/, '.earlier-');
  renameSync(dir, aside);
  try {
    renameSync(staging, dir);
  } catch (error) {
    renameSync(aside, dir);
    throw error;
  }
  rmSync(aside, { recursive: true, force: true });
}

/** Downloads and verifies every file, then puts them in `dir`; returns the files' paths. */
export async function fetchFashionMnist(options: FetchOptions): Promise<string[]> {
  const base = options.baseUrl ?? FASHION_BASE_URL;
  const files = options.files ?? FASHION_FILES;
  const limits: Limits = {
    get: options.fetch ?? fetch,
    idleMs: options.idleTimeoutMs ?? IDLE_TIMEOUT_MS,
    maxBytes: options.maxBytes ?? MAX_BYTES,
  };
  recoverFromKilledFetch(options.dir);
  checkReplaceable(options.dir, files);
  mkdirSync(dirname(options.dir), { recursive: true });
  // Staged beside the target, so the final rename stays on one file system.
  const staging = mkdtempSync(`${options.dir}.partial-`);
  try {
    for (const file of files) {
      const url = new URL(file.name, base).toString();
      options.onProgress?.(`Downloading ${url}`);
      const bytes = await download(url, limits);
      const md5 = createHash('md5').update(bytes).digest('hex');
      if (md5 !== file.md5)
        throw new Error(
          `${file.name} from ${url} has MD5 ${md5}, not the published ${file.md5}: the download is damaged or not Fashion-MNIST; nothing was installed`,
        );
      writeFileSync(join(staging, file.name), bytes);
      options.onProgress?.(`${file.name}: ${bytes.length} bytes, checksum verified`);
    }
    checkReplaceable(options.dir, files); // again: the folder may have changed during the download
    swapIn(staging, options.dir);
    return files.map((f) => join(options.dir, f.name));
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
