/**
 * Argument schemas for every contract method, validated once at the boundary (IPC handler and
 * HTTP route) before any handler runs. A method's schema is a tuple of its arguments.
 */
import { z } from 'zod';
import type { MethodId } from './services';
import { runStatuses, type RunStatus } from './types';

const id = z
  .number({ error: 'id must be a number' })
  .int('id must be a whole number')
  .positive('id must be > 0');
const ids = z.array(id).min(1, 'at least one run id is needed').max(10_000);
const configPayload = z.record(z.string(), z.unknown(), { error: 'config must be an object' });
const text = (max: number) => z.string().max(max, `must be at most ${max} characters`);
/** A Redis URL for the queue backend: redis://[user:password@]host:port[/db] or rediss:// (TLS). */
export const redisUrl = text(2048).refine(
  (v) => /^rediss?:\/\/[^\s/]+/.test(v) && URL.canParse(v),
  'must be a redis:// or rediss:// URL, e.g. redis://:password@10.0.0.5:6379',
);

export const contractSchemas: Record<MethodId, z.ZodType<unknown[]>> = {
  'runs.list': z.tuple([
    z
      .object({
        status: z.array(z.enum(runStatuses as [RunStatus, ...RunStatus[]])).optional(),
        experimentId: id.optional(),
        search: text(200).optional(),
        starred: z.boolean().optional(),
        limit: z.number().int().min(1).max(100_000).optional(),
      })
      .strict(),
  ]),
  'runs.get': z.tuple([id]),
  'runs.curves': z.tuple([ids.max(50)]),
  'runs.weights': z.tuple([id]),
  'runs.update': z.tuple([
    id,
    z
      .object({
        name: text(200).optional(),
        tags: z.array(text(50)).max(50).optional(),
        notes: text(20_000).optional(),
        starred: z.boolean().optional(),
      })
      .strict(),
  ]),
  'runs.remove': z.tuple([ids]),
  'runs.restore': z.tuple([ids]),
  'runs.experiments': z.tuple([]),
  'queue.enqueue': z.tuple([configPayload]),
  'queue.enqueueSweep': z.tuple([configPayload]),
  'queue.previewSweep': z.tuple([configPayload]),
  'queue.cancel': z.tuple([id]),
  'queue.pauseRun': z.tuple([id]),
  'queue.resumeRun': z.tuple([id]),
  'queue.move': z.tuple([id, id.nullable()]),
  'queue.state': z.tuple([]),
  'queue.setPaused': z.tuple([z.boolean()]),
  'datasets.list': z.tuple([]),
  'datasets.samples': z.tuple([text(100), z.array(z.number().int().min(0)).max(500)]),
  'doctor.testFix': z.tuple([id, text(100)]),
  'reports.export': z.tuple([
    z
      .object({
        runIds: ids.max(200),
        format: z.enum(['html', 'pdf', 'md', 'csv', 'json', 'bundle']),
        title: text(200).optional(),
      })
      .strict(),
  ]),
  'reports.importBundle': z.tuple([z.string().max(512 * 1024 * 1024)]),
  'settings.get': z.tuple([]),
  'settings.update': z.tuple([
    z
      .object({
        concurrency: z.number().int().min(1).max(64).optional(),
        theme: z.enum(['system', 'light', 'dark']).optional(),
        resumeInterrupted: z.boolean().optional(),
        redisUrl: redisUrl.nullable().optional(),
        hangTimeoutSeconds: z.number().int().min(5).max(86_400).optional(),
      })
      .strict(),
  ]),
  'settings.info': z.tuple([]),
};
