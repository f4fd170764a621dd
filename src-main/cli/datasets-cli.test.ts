/** `backprop datasets`, the built CLI against a local HTTP server (no internet here). */
import { createServer, type Server } from 'node:http';
import { existsSync, mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FASHION_FILES } from '../datasets/fetch';
import { runCli } from './cli.testing';

let server: Server;
let base: string;
const asked: string[] = [];

beforeAll(async () => {
  // Serves a gzip for every name: the right names, but not Zalando's bytes.
  server = createServer((req, res) => {
    asked.push(req.url ?? '');
    res.writeHead(200).end(gzipSync(Buffer.from('not fashion-mnist')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mirror`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('backprop datasets', () => {
  it('fetches from the given address and refuses files that fail their published checksum', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'backprop-fetch-cli-')), 'fashion');
    const result = await runCli([
      'datasets',
      'fetch',
      'fashion-mnist',
      '--dir',
      dir,
      '--base-url',
      base,
    ]);
    expect(result.code).toBe(1);
    expect(asked).toEqual([`/mirror/${FASHION_FILES[0].name}`]);
    expect(result.stderr).toContain(`Downloading ${base}/${FASHION_FILES[0].name}`);
    expect(result.stderr).toContain(`not the published ${FASHION_FILES[0].md5}`);
    expect(result.stderr).toContain('nothing was installed');
    expect(existsSync(dir)).toBe(false);
  });

  it('names what it can fetch when asked for another dataset', async () => {
    const result = await runCli(['datasets', 'fetch', 'mnist']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(
      '"mnist" cannot be fetched: fashion-mnist is the only dataset to download',
    );
  });

  it('lists the datasets with how to get a missing one', async () => {
    const result = await runCli(['datasets', 'list']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^mnist\s+here$/m);
    expect(result.stdout).toMatch(
      /^fashion-mnist\s+(here|missing: .*backprop datasets fetch fashion-mnist)/m,
    );
  });
});
