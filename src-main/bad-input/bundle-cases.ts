/** Run bundles that import must refuse as a whole (reports.importBundle), naming the field. */
import { buildBundle, encodeBundle } from '../../src-shared/report/bundle';
import { fixtureRun } from '../../src-shared/report/report.testing';
import { args, type BadCase } from './bad-case';

/** A valid two-run bundle as text. */
export function validBundleText(): string {
  return encodeBundle(
    buildBundle({
      runs: [fixtureRun(1, { name: 'bundled a' }, 3), fixtureRun(2, { name: 'bundled b' }, 3)],
      weights: {},
      experimentNames: {},
      exportedAt: '2025-03-04T12:00:00.000Z',
      engineVersion: '0.1.0',
    }),
  );
}

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** The valid bundle changed by `edit` (on its parsed JSON). */
function edited(
  edit: (bundle: Record<string, unknown> & { runs: Record<string, unknown>[] }) => void,
) {
  const bundle = JSON.parse(validBundleText());
  edit(bundle);
  return JSON.stringify(bundle);
}

const bundle = (name: string, text: () => string, error: RegExp): BadCase => ({
  name: `bundle: ${name}`,
  method: 'reports.importBundle',
  body: () => args(base64(text())),
  status: 400,
  error,
});

export const bundleCases: BadCase[] = [
  bundle(
    'malformed JSON',
    () => '{"format": "backprop-workbench-bundle",',
    /not a run bundle: it is not valid JSON/,
  ),
  bundle(
    'truncated in the middle',
    () => validBundleText().slice(0, 2000),
    /not a run bundle: it is not valid JSON/,
  ),
  bundle('a JSON array', () => '[1, 2, 3]', /not a run bundle: expected a JSON object/),
  bundle(
    'a wrong format tag',
    () => edited((b) => (b.format = 'mlflow-export')),
    /bundle\.format must be "backprop-workbench-bundle", got "mlflow-export"/,
  ),
  bundle(
    'a newer version',
    () => edited((b) => (b.version = 99)),
    /written by a newer Backprop Workbench \(bundle version 99\).*Update Backprop Workbench/,
  ),
  bundle(
    'a run without its config',
    () => edited((b) => delete (b.runs[0].run as Record<string, unknown>).config),
    /bundle\.runs\[0\]\.run\.config: a run config must be an object/,
  ),
  bundle(
    'an epoch number as text',
    () => edited((b) => ((b.runs[1].epochs as Record<string, unknown>[])[0].epoch = 'zero')),
    /bundle\.runs\[1\]\.epochs\[0\]\.epoch: must be a whole number/,
  ),
  bundle(
    'a config with a bad field',
    () =>
      edited(
        (b) =>
          ((
            (b.runs[0].run as Record<string, unknown>).config as Record<string, unknown>
          ).learningRate = -3),
      ),
    /bundle\.runs\[0\]\.run\.config\.learningRate: learningRate must be > 0/,
  ),
  bundle(
    'a repeated epoch',
    () =>
      edited((b) => {
        const epochs = b.runs[1].epochs as Record<string, unknown>[];
        epochs[2] = { ...epochs[1] };
      }),
    /bundle\.runs\[1\]\.epochs\[2\]\.epoch: run "bundled b": epoch 1 appears twice/,
  ),
  bundle(
    'epochs out of order',
    () => edited((b) => (b.runs[0].epochs as unknown[]).reverse()),
    /bundle\.runs\[0\]\.epochs\[1\]\.epoch: run "bundled a": epoch 2 comes after epoch 3; epochs must be in increasing order/,
  ),
  {
    name: 'bundle: text that is not base64',
    method: 'reports.importBundle',
    body: args('this is *not* base64!'),
    status: 400,
    error: /The bundle is not valid base64/,
  },
  {
    name: 'bundle: empty',
    method: 'reports.importBundle',
    body: args(''),
    status: 400,
    error: /The bundle is empty/,
  },
];
