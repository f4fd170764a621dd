/**
 * What the Fashion-MNIST fetch must never do to the folder it installs into, and how it fails on a
 * bad network: a `--dir` holding other files is refused before anything is downloaded (it used to
 * be deleted whole), an earlier copy survives a failed move, a server that stalls or hangs up
 * mid-file gives an error naming the address and leaves nothing behind, and an HTTPS address is
 * never followed down to plain HTTP. `rename` is wrapped so a test can make the final move fail.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { fetchFashionMnist, type PublishedFile } from './fetch';

const failRename = vi.hoisted(() => ({ from: null as RegExp | null }));
vi.mock('node:fs', async (original) => {
  const real = await original<typeof fs>();
  return {
    ...real,
    renameSync: (from: fs.PathLike, to: fs.PathLike) => {
      if (failRename.from?.test(String(from))) throw new Error('EXDEV: simulated failed move');
      real.renameSync(from, to);
    },
  };
});
afterEach(() => (failRename.from = null));

const bytes = new Map([
  ['a.gz', Buffer.from('first file')],
  ['b.gz', Buffer.from('second file')],
]);
const table: PublishedFile[] = [...bytes].map(([name, body]) => ({
  name,
  md5: createHash('md5').update(body).digest('hex'),
}));
const requested: string[] = [];
/** A fetch that serves `bytes` and records what was asked. */
const fakeFetch = (async (url: string | URL | Request) => {
  requested.push(String(url));
  return new Response(bytes.get(String(url).split('/').pop()!) ?? null);
}) as typeof fetch;

const freshParent = () => fs.mkdtempSync(join(tmpdir(), 'backprop-fetch-safety-'));
const base = 'https://mirror.example/fashion/';

describe('installing Fashion-MNIST into a folder', () => {
  it('refuses a folder that holds anything else, before downloading, and leaves it alone', async () => {
    const dir = join(freshParent(), 'Documents');
    fs.mkdirSync(dir);
    fs.writeFileSync(join(dir, 'thesis.tex'), 'years of work');
    requested.length = 0;
    await expect(
      fetchFashionMnist({ dir, baseUrl: base, files: table, fetch: fakeFetch }),
    ).rejects.toThrow(`${dir} holds thesis.tex, which is not a Fashion-MNIST file`);
    expect(fs.readdirSync(dir)).toEqual(['thesis.tex']);
    expect(requested).toEqual([]);
  });

  it('refuses a path that is a file, not a folder', async () => {
    const dir = join(freshParent(), 'fashion-mnist');
    fs.writeFileSync(dir, 'a file');
    await expect(
      fetchFashionMnist({ dir, baseUrl: base, files: table, fetch: fakeFetch }),
    ).rejects.toThrow(`${dir} exists and is not a folder`);
    expect(fs.readFileSync(dir, 'utf8')).toBe('a file');
  });

  it('replaces an earlier copy whole', async () => {
    const parent = freshParent();
    const dir = join(parent, 'fashion-mnist');
    fs.mkdirSync(dir);
    fs.writeFileSync(join(dir, 'a.gz'), 'earlier copy');
    await fetchFashionMnist({ dir, baseUrl: base, files: table, fetch: fakeFetch });
    expect(fs.readFileSync(join(dir, 'a.gz'), 'utf8')).toBe('first file');
    expect(fs.readdirSync(parent)).toEqual(['fashion-mnist']);
  });

  it('keeps the earlier copy when the new one cannot be moved in', async () => {
    const parent = freshParent();
    const dir = join(parent, 'fashion-mnist');
    fs.mkdirSync(dir);
    fs.writeFileSync(join(dir, 'a.gz'), 'earlier copy');
    failRename.from = /\.partial-/;
    await expect(
      fetchFashionMnist({ dir, baseUrl: base, files: table, fetch: fakeFetch }),
    ).rejects.toThrow(/simulated failed move/);
    expect(fs.readFileSync(join(dir, 'a.gz'), 'utf8')).toBe('earlier copy');
    expect(fs.readdirSync(parent)).toEqual(['fashion-mnist']);
  });

  it('clears what a killed fetch left beside the folder, putting an earlier copy back first', async () => {
    const parent = freshParent();
    const dir = join(parent, 'fashion-mnist');
    fs.mkdirSync(join(parent, 'fashion-mnist.partial-k1Ll3d'));
    fs.writeFileSync(join(parent, 'fashion-mnist.partial-k1Ll3d', 'a.gz'), 'half');
    // Killed between moving the earlier copy aside and moving the new one in.
    fs.mkdirSync(join(parent, 'fashion-mnist.earlier-k1Ll3d'));
    fs.writeFileSync(join(parent, 'fashion-mnist.earlier-k1Ll3d', 'a.gz'), 'earlier copy');
    fs.mkdirSync(join(parent, 'other.partial-x'));
    const refused = (async () => new Response(null, { status: 503 })) as typeof fetch;
    await expect(
      fetchFashionMnist({ dir, baseUrl: base, files: table, fetch: refused }),
    ).rejects.toThrow('HTTP 503');
    expect(fs.readdirSync(parent).sort()).toEqual(['fashion-mnist', 'other.partial-x']);
    expect(fs.readFileSync(join(dir, 'a.gz'), 'utf8')).toBe('earlier copy');
  });

  it('never follows an HTTPS address down to plain HTTP', async () => {
    const dir = join(freshParent(), 'fashion-mnist');
    const downgraded = (async (url: string | URL | Request) => {
      const response = new Response(bytes.get(String(url).split('/').pop()!));
      Object.defineProperty(response, 'redirected', { value: true });
      Object.defineProperty(response, 'url', { value: String(url).replace('https:', 'http:') });
      return response;
    }) as typeof fetch;
    await expect(
      fetchFashionMnist({ dir, baseUrl: base, files: table, fetch: downgraded }),
    ).rejects.toThrow(`${base}a.gz was redirected to http://mirror.example/fashion/a.gz`);
    expect(fs.existsSync(dir)).toBe(false);
  });
});

describe('a server that misbehaves', () => {
  let server: Server;
  let address: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/hangs-up/a.gz') {
        res.writeHead(200, { 'content-length': '1000' });
        res.write('only ten b');
        setTimeout(() => res.destroy(), 20);
      } else if (req.url === '/stalls/a.gz') {
        res.writeHead(200, { 'content-length': '1000' });
        res.write('then nothing');
      } else if (req.url === '/silent/a.gz') {
        // Accepts the connection and never answers.
      } else if (req.url === '/too-big/a.gz') {
        res.writeHead(200); // no content-length: the size is only known by counting
        res.end(Buffer.alloc(4096));
      } else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    address = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it.each([
    ['hangs up mid-file', 'hangs-up', /hangs-up\/a\.gz could not be downloaded/],
    ['stalls mid-file', 'stalls', /stalls\/a\.gz sent nothing for 0\.3 s/],
    ['never answers', 'silent', /silent\/a\.gz sent nothing for 0\.3 s/],
    ['sends more than the limit', 'too-big', /too-big\/a\.gz is over the 1024 byte limit/],
  ])('names the address when it %s, and leaves nothing behind', async (_what, path, message) => {
    const parent = freshParent();
    const dir = join(parent, 'fashion-mnist');
    await expect(
      fetchFashionMnist({
        dir,
        baseUrl: `${address}/${path}/`,
        files: table,
        idleTimeoutMs: 300,
        maxBytes: 1024,
      }),
    ).rejects.toThrow(message);
    expect(fs.readdirSync(parent)).toEqual([]);
  });
});
