/** Malformed calls to the HTTP API: wrong types, unknown methods, missing or extra arguments. */
import { args, type BadCase } from './bad-case';

const call = (
  name: string,
  method: string,
  body: string,
  error: RegExp,
  status = 400,
): BadCase => ({
  name: `api: ${name}`,
  method,
  body,
  status,
  error,
});

export const apiCases: BadCase[] = [
  call('an unknown method', 'runs.drop', args(1), /Unknown method "runs\.drop"/),
  call(
    'a method named like a prototype property',
    '__proto__',
    args(),
    /Unknown method "__proto__"/,
  ),
  call(
    'an event name instead of a method',
    'queue.onDidChangeRun',
    args(),
    /Unknown method "queue\.onDidChangeRun"/,
  ),
  call(
    'a missing argument',
    'runs.get',
    args(),
    /runs\.get: Too small: expected array to have >=1 items/,
  ),
  call('an id as text', 'runs.get', args('1'), /runs\.get\[0\]: id must be a number/),
  call('a negative id', 'queue.cancel', args(-4), /queue\.cancel\[0\]: id must be > 0/),
  call(
    'a fractional id',
    'runs.weights',
    args(1.5),
    /runs\.weights\[0\]: id must be a whole number/,
  ),
  call(
    'arguments that are no list',
    'runs.list',
    '{"status": ["queued"]}',
    /runs\.list: Invalid input: expected tuple, received object/,
  ),
  call(
    'an extra argument',
    'queue.state',
    args(1),
    /queue\.state: Too big: expected array to have <=0 items/,
  ),
  call(
    'an unknown field in a query',
    'runs.list',
    args({ status: ['queued'], drop: true }),
    /runs\.list\[0\]: Unrecognized key: "drop"/,
  ),
  call(
    'an unknown run status',
    'runs.list',
    args({ status: ['exploded'] }),
    /runs\.list\[0\]\.status\[0\]: Invalid option: expected one of "queued"\|"running"/,
  ),
  call('a body that is not JSON', 'runs.list', 'runs please', /Request body is not valid JSON/),
  call(
    'a huge body that is not JSON',
    'runs.list',
    `[${'9,'.repeat(4_000_000)}`,
    /Request body is not valid JSON/,
  ),
  call(
    'a huge run list',
    'runs.curves',
    args(Array.from({ length: 200_000 }, (_, i) => i + 1)),
    /runs\.curves\[0\]: Too big: expected array to have <=\d+ items/,
  ),
  call(
    'notes longer than allowed',
    'runs.update',
    args(1, { notes: 'n'.repeat(30_000) }),
    /runs\.update\[1\]\.notes: must be at most 20000 characters/,
  ),
  call(
    'a settings key that does not exist',
    'settings.update',
    args({ dbPath: '/etc/passwd' }),
    /settings\.update\[0\]: Unrecognized key: "dbPath"/,
  ),
  call(
    'concurrency 0',
    'settings.update',
    args({ concurrency: 0 }),
    /settings\.update\[0\]\.concurrency: Too small: expected number to be >=1/,
  ),
  call(
    'an export format that does not exist',
    'reports.export',
    args({ runIds: [1], format: 'exe' }),
    /reports\.export\[0\]\.format: Invalid option: expected one of "html"/,
  ),
  call(
    'an export of no runs',
    'reports.export',
    args({ runIds: [], format: 'csv' }),
    /at least one run id is needed/,
  ),
  call(
    'an export of a run that does not exist',
    'reports.export',
    args({ runIds: [999], format: 'csv' }),
    /Run 999 does not exist/,
    500,
  ),
  call(
    'a fix test for a rule that does not exist',
    'doctor.testFix',
    args(1, 'no-such-rule'),
    /Run 1 has no "no-such-rule" finding with a fix to test/,
    500,
  ),
  call(
    'samples of a dataset that does not exist',
    'datasets.samples',
    args('cifar', [0]),
    /Invalid id: id: dataset must be one of mnist/,
  ),
];
