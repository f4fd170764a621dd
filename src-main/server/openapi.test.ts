/**
 * GET /api/openapi.json on a real server: signed-in only like every /api/ path, and a document
 * that lists every contract method, the logging API's among them, with the schemas that check
 * its calls.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openTestCore, type TestCore } from '../core/app.testing';
import { methodIds } from '../../src-shared/contract/services';
import { startServer, type RunningServer } from './server';

let opened: TestCore;
let server: RunningServer;

beforeAll(async () => {
  opened = await openTestCore('backprop-openapi-', { host: 'serve', startQueue: true });
  mkdirSync(join(opened.dir, 'renderer'));
  server = await startServer({
    services: opened.core.services,
    rendererDir: join(opened.dir, 'renderer'),
    port: 0,
  });
});
afterAll(async () => {
  await server?.close();
  await opened?.close();
});

const openApiUrl = () => `http://127.0.0.1:${server.port}/api/openapi.json`;

it('refuses a caller without credentials', async () => {
  expect((await fetch(openApiUrl())).status).toBe(401);
});

it('describes every method, the logging API with its argument schemas', async () => {
  const response = await fetch(openApiUrl(), { headers: { 'x-backprop-token': server.token } });
  expect(response.status).toBe(200);
  const document = (await response.json()) as {
    openapi: string;
    paths: Record<
      string,
      { post: { requestBody: { content: Record<string, { schema: unknown }> } } }
    >;
  };
  expect(document.openapi).toBe('3.1.0');
  expect(Object.keys(document.paths).sort()).toEqual(methodIds.map((m) => `/api/call/${m}`).sort());
  for (const method of ['createRun', 'log', 'note', 'setStatus', 'finish'])
    expect(document.paths).toHaveProperty([`/api/call/tracking.${method}`]);
  const log = document.paths['/api/call/tracking.log'].post.requestBody.content['application/json'];
  expect(log.schema).toMatchObject({
    type: 'array',
    prefixItems: [{ required: ['run', 'points'], additionalProperties: false }],
  });
});
