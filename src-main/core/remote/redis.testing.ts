/**
 * A private Redis for tests (imported by tests only): `redis-server` on a free loopback port,
 * without persistence (`--save "" --appendonly no`), optionally with a password, in its own temp
 * folder. It can be killed with SIGKILL and started again on the same port, as a crashed Redis
 * that comes back empty. When redis-server is not installed, `redisMissing` says why and the
 * tests skip themselves.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { tempDir } from '../store/store.testing';

function hasRedisServer(): boolean {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Why Redis tests cannot run here, or null when they can. */
export const redisMissing: string | null = hasRedisServer()
  ? null
  : 'redis-server is not installed (apt-get install -y redis-server)';

if (redisMissing) console.warn(`Skipping the Redis tests: ${redisMissing}`);

/** A free TCP port on 127.0.0.1 (asked from the OS, then released for redis-server). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface TestRedis {
  port: number;
  /** redis://[:password@]127.0.0.1:port */
  url: string;
  /** Kills redis-server with SIGKILL (its data is gone: no persistence). */
  kill(): Promise<void>;
  /** Starts it again on the same port, empty. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startTestRedis(options: { password?: string } = {}): Promise<TestRedis> {
  const port = await freePort();
  const tmp = tempDir('backprop-redis-');
  const auth = options.password ? `:${encodeURIComponent(options.password)}@` : '';
  const url = `redis://${auth}127.0.0.1:${port}`;
  let child: ChildProcess | null = null;

  const launch = async () => {
    const args = ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly']
      .concat(['no', '--dir', tmp.dir, '--daemonize', 'no', '--loglevel', 'warning'])
      .concat(options.password ? ['--requirepass', options.password] : []);
    child = spawn('redis-server', args, { stdio: 'ignore' });
    await waitForPing(url);
  };
  const kill = async () => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null) return;
    const gone = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGKILL');
    await gone;
  };

  await launch();
  return {
    port,
    url,
    kill,
    restart: launch,
    async stop() {
      await kill();
      tmp.cleanup();
    },
  };
}

/** Resolves when Redis at `url` answers PING (polls for up to 10 s). */
async function waitForPing(url: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      if ((await client.ping()) === 'PONG') return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    } finally {
      client.disconnect();
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
