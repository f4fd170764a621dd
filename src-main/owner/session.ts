/**
 * Opening a store as every entry point must: exactly one process owns a store. The first to take
 * the store's lease (./lease.ts) becomes its owner — it opens the app core, recovers what a dead
 * owner left 'running', publishes its API on 127.0.0.1 and says where in the owner file
 * (./owner-file.ts). Every other entry point finds that owner and works through its API, the same
 * contract the UI uses, so no run is ever trained or written by two processes.
 */
import { join } from 'node:path';
import type { Services } from '../../src-shared/contract/services';
import type { AppInfo } from '../../src-shared/contract/types';
import { createClient } from '../../src-shared/contract/client';
import { createAppCore, type AppCore } from '../core/app';
import { findPackageRoot } from '../core/runner/trainer-entry';
import type { TrainerHost } from '../core/runner/trainer-host';
import { newSecret, startServer, type RunningServer } from '../server/server';
import { nodeHttpTransport, type HttpTransport } from './http-transport';
import { tryAcquireLease, type Lease } from './lease';
import { readOwnerFile, writeOwnerFile, type OwnerInfo } from './owner-file';
import { realpathSync } from 'node:fs';
import { processIsAlive } from '../core/tracking/spool-import';

export interface SessionOptions {
  dbPath: string;
  host: AppInfo['host'];
  /** What this entry point is, for the owner file and messages: "backprop train". */
  command: string;
  /** Starts trainers when this process becomes the owner. */
  trainerHost: () => TrainerHost;
  /** Work the whole persistent queue (serve, desktop, queue --work), or only the runs handed to
   * this process (train, sweep, resume: "for as long as it needs"). */
  wholeQueue: boolean;
  /** Runs at a time for this process only (CLI --parallel). */
  concurrency?: number;
  redisUrl?: string;
  /** Port for the API and UI; default: the port the store's last owner used, else `fallbackPort`. */
  port?: number;
  /** Where to listen when the last owner's port is taken or unknown (0: any free port). */
  fallbackPort?: number;
  /** Said when the store's last port is taken and the fallback is used. */
  onPortTaken?(port: number, next: number): void;
  /** How long to wait for an owner that holds the lease to publish its address. */
  findOwnerMs?: number;
  /** better-sqlite3 native build for another runtime (Electron's ABI). */
  nativeBinding?: string;
  /** Report HTML to PDF (Electron's printToPDF), when this process becomes the owner. */
  printToPdf?(html: string): Promise<Uint8Array>;
}

/** This process owns the store. */
export interface OwnedStore {
  role: 'owner';
  core: AppCore;
  services: Services;
  server: RunningServer;
  /** The address that logs a browser in. */
  url: string;
  close(): Promise<void>;
}

/** Another process owns the store; this one works through its API. */
export interface OwnerClient {
  role: 'client';
  services: Services;
  owner: OwnerInfo;
  url: string;
  transport: HttpTransport;
  close(): Promise<void>;
}

export type StoreSession = OwnedStore | OwnerClient;

const DEFAULT_FIND_OWNER_MS = 10_000;
const CONNECT_TIMEOUT_MS = 3_000;

/** Becomes the store's owner, or connects to the live one. */
export async function openStoreSession(options: SessionOptions): Promise<StoreSession> {
  const deadline = Date.now() + (options.findOwnerMs ?? DEFAULT_FIND_OWNER_MS);
  let why = 'it has not published its address';
  for (;;) {
    const lease = tryAcquireLease(options.dbPath, options.nativeBinding);
    if (lease) return becomeOwner(lease, options);
    const owner = readOwnerFileQuietly(options.dbPath);
    if (owner && processIsAlive(owner.pid)) {
      const client = await connect(owner, options.dbPath).catch((error: Error) => {
        why = `it does not answer at ${owner.port}: ${error.message}`;
        return null;
      });
      if (client) return client;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Another process owns the store ${options.dbPath} but ${why}` +
          (owner ? ` (pid ${owner.pid}, ${owner.command})` : '') +
          '; wait for it to finish or stop it, then try again',
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function becomeOwner(lease: Lease, options: SessionOptions): Promise<OwnedStore> {
  let core: AppCore | undefined;
  try {
    // Read before the store opens, so a damaged owner file stops us with nothing changed.
    const previous = readOwnerFile(options.dbPath);
    core = await createAppCore({
      dbPath: options.dbPath,
      host: options.host,
      trainerHost: options.trainerHost(),
      concurrency: options.concurrency,
      startQueue: options.wholeQueue,
      redisUrl: options.redisUrl,
      nativeBinding: options.nativeBinding,
      printToPdf: options.printToPdf,
    });
    if (!options.wholeQueue) {
      core.queue.recover(false);
      // It trains what is handed to it (its own runs, and those other entry points queue through
      // its API) until its command is done.
      core.queue.workOnlyOwnRuns();
    }
    // The browser session secret is kept across owners unless someone else could have read it.
    const secret = previous && !previous.exposed ? previous.secret : newSecret();
    const server = await listen(core.services, secret, portsToTry(options, previous), options);
    writeOwnerFile(options.dbPath, {
      host: options.host,
      command: options.command,
      pid: process.pid,
      port: server.port,
      secret,
      loginToken: server.token,
      updatedAt: new Date().toISOString(),
    });
    const owned = core;
    return {
      role: 'owner',
      core: owned,
      services: owned.services,
      server,
      url: server.url,
      async close() {
        await server.close();
        await owned.close();
        lease.release();
      },
    };
  } catch (error) {
    await core?.close();
    lease.release();
    throw error;
  }
}

/** --port if given; else the port this store's last owner used (so open tabs and bookmarks keep
 * working), then the fallback when that one is taken. */
function portsToTry(options: SessionOptions, previous: OwnerInfo | null): number[] {
  if (options.port !== undefined) return [options.port];
  const fallback = options.fallbackPort ?? 0;
  return previous && previous.port !== fallback ? [previous.port, fallback] : [fallback];
}

/** The API and the UI on the first port of `ports` that is free. */
async function listen(
  services: Services,
  secret: string,
  ports: number[],
  options: SessionOptions,
): Promise<RunningServer> {
  const rendererDir = join(findPackageRoot(), 'out', 'renderer');
  for (const [i, port] of ports.entries()) {
    try {
      return await startServer({ services, rendererDir, port, secret });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
      if (i === ports.length - 1) {
        throw new Error(
          `Port ${port} is in use: choose another with --port, or --port 0 for any free port`,
          { cause: error },
        );
      }
      options.onPortTaken?.(port, ports[i + 1]);
    }
  }
  throw new Error('No port to listen on');
}

/** The owner file when it is readable; a damaged one is the owner's to report, not a client's. */
function readOwnerFileQuietly(dbPath: string): OwnerInfo | null {
  try {
    return readOwnerFile(dbPath);
  } catch {
    return null;
  }
}

/** The address that signs a browser in to this owner. */
export const ownerUrl = (owner: Pick<OwnerInfo, 'port' | 'loginToken'>) =>
  `http://127.0.0.1:${owner.port}/?token=${owner.loginToken}`;

async function connect(owner: OwnerInfo, dbPath: string): Promise<OwnerClient> {
  const transport = nodeHttpTransport(`http://127.0.0.1:${owner.port}`, owner.loginToken);
  const services = createClient(transport);
  // A live owner answers at once; one that is stopped (SIGSTOP) or busy for long is not waited on.
  const info = (await transport.invokeWithin(CONNECT_TIMEOUT_MS, 'settings.info', [])) as AppInfo;
  if (!samePath(info.dbPath, dbPath)) {
    throw new Error(`the process at port ${owner.port} serves ${info.dbPath}`);
  }
  return {
    role: 'client',
    services,
    owner,
    url: ownerUrl(owner),
    transport,
    async close() {
      transport.close();
    },
  };
}

/** One file, however it is named (a symlinked folder, a relative path, letter case on macOS and
 * Windows): compared by the real path of what exists. */
function samePath(a: string, b: string): boolean {
  const real = (path: string) => {
    try {
      return realpathSync.native(path);
    } catch {
      return join(path);
    }
  };
  const [x, y] = [real(a), real(b)];
  return process.platform === 'linux' ? x === y : x.toLowerCase() === y.toLowerCase();
}
