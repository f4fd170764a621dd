/** Option parsers shared by subcommands: each names the option and what it expects. */
import { InvalidArgumentError } from 'commander';
import { redisUrl } from '../../src-shared/contract/schemas';

export function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError('expected a port number from 0 to 65535');
  return n;
}

export function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new InvalidArgumentError('expected a whole number of at least 1');
  return n;
}

/** Run ids as arguments (`resume 3 4`, `runs rm 3 4`): whole numbers from 1, each once. */
export function collectRunIds(value: string, ids: number[] = []): number[] {
  const id = Number(value);
  if (!Number.isInteger(id) || id < 1)
    throw new InvalidArgumentError(`expected run ids (whole numbers from 1), got "${value}"`);
  return ids.includes(id) ? ids : [...ids, id];
}

/** --redis: a redis:// or rediss:// URL (see docs/several-machines.md). */
export function parseRedisUrl(value: string): string {
  const result = redisUrl.safeParse(value);
  if (!result.success) throw new InvalidArgumentError(result.error.issues[0].message);
  return value;
}
