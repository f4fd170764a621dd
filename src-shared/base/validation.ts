/**
 * Turning a schema failure into one sentence a person can act on: every issue names the field
 * (as a dotted path) and what was expected.
 */
import type { z } from 'zod';
import { splitUnknownKeys } from '../base/strict-object';
import { RequestRefused } from './errors';

/** Malformed input, each issue naming its field: a refusal of kind 'invalid' (HTTP 400). */
export class ValidationError extends RequestRefused {
  override name = 'ValidationError';
  constructor(
    message: string,
    readonly issues: { path: string; message: string }[],
  ) {
    super('invalid', message);
  }
}

function pathOf(path: readonly PropertyKey[], prefix: string): string {
  const parts = path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p)));
  const joined = parts.join('.').replace(/\.\[/g, '[');
  return [prefix, joined].filter(Boolean).join('.').replace(/\.\[/g, '[') || '(value)';
}

/** Each issue as path and message; an issue about several unknown fields becomes one per field. */
function issuesOf(error: z.ZodError): { path: readonly PropertyKey[]; message: string }[] {
  return error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? splitUnknownKeys(issue.path, issue.keys, issue.message)
      : [{ path: issue.path, message: issue.message }],
  );
}

/** The issues of a schema failure, each under its dotted path (prefixed by `what`). */
function namedIssues(error: z.ZodError, what: string): { path: string; message: string }[] {
  return issuesOf(error).map((issue) => ({
    path: pathOf(issue.path, what),
    message: issue.message,
  }));
}

/** The first five issues of a schema failure as "path: message; …". */
export function describeIssues(error: z.ZodError, what = ''): string {
  return namedIssues(error, what)
    .slice(0, 5)
    .map((i) => `${i.path}: ${i.message}`)
    .join('; ');
}

/** Parses `value` or throws a ValidationError naming each bad field under `what`. */
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what = '',
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const text = describeIssues(result.error, what);
  throw new ValidationError(`Invalid ${what || 'input'}: ${text}`, namedIssues(result.error, what));
}
