/**
 * The OpenAPI 3.1 document of the HTTP API, generated from the same zod schemas that validate
 * every call (schemas.ts), so it cannot drift from what the owner accepts. Each method is
 * POST /api/call/<service.method> with its arguments as a JSON array, authenticated by the
 * X-Backprop-Token header (the owner file's loginToken).
 */
import { z } from 'zod';
import { contractSchemas } from './schemas';
import { methodIds, type MethodId } from './services';

/** Version of the logging API (tracking.*); a breaking change gets a new number. */
export const TRACKING_API_VERSION = 1;

const replySchema = {
  oneOf: [
    {
      type: 'object',
      required: ['ok', 'value'],
      properties: { ok: { const: true }, value: {} },
    },
    {
      type: 'object',
      required: ['ok', 'error'],
      properties: {
        ok: { const: false },
        error: {
          type: 'object',
          required: ['message'],
          properties: {
            message: { type: 'string' },
            issues: {
              type: 'array',
              items: {
                type: 'object',
                properties: { path: { type: 'string' }, message: { type: 'string' } },
              },
            },
          },
        },
      },
    },
  ],
};

function operation(method: MethodId) {
  return {
    operationId: method,
    tags: [method.split('.')[0]],
    security: [{ token: [] }],
    requestBody: {
      required: true,
      description:
        'The arguments as a JSON array; NaN, Infinity and -Infinity travel as {"$num": "NaN"} etc.',
      content: {
        'application/json': {
          schema: z.toJSONSchema(contractSchemas[method], {
            io: 'input',
            target: 'draft-2020-12',
            unrepresentable: 'any',
          }),
        },
      },
    },
    responses: {
      '200': { description: 'Done', content: { 'application/json': { schema: replySchema } } },
      '400': { description: 'Arguments refused: error.issues names each field' },
      '401': { description: 'Missing or wrong X-Backprop-Token' },
      '404': { description: 'The run, file or finding named does not exist: error.message' },
      '409': { description: "The run's status or content does not allow this: error.message" },
      '500': { description: 'The owner failed at the call: error.message says why' },
    },
  };
}

export function openApiDocument(version: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Backprop Workbench API',
      version,
      description: `The contract of the store's owner over HTTP; the logging API is tracking.* (version ${TRACKING_API_VERSION}).`,
    },
    servers: [{ url: 'http://127.0.0.1:{port}', variables: { port: { default: '5170' } } }],
    components: {
      securitySchemes: { token: { type: 'apiKey', in: 'header', name: 'X-Backprop-Token' } },
    },
    paths: Object.fromEntries(methodIds.map((m) => [`/api/call/${m}`, { post: operation(m) }])),
  };
}
