/**
 * Measures the reference engine on Nielsen's chapter-1 run (preset nielsen-ch1: 784-30-10,
 * sigmoid, quadratic cost, N(0, 1) weights and biases, η = 3.0, mini-batches of 10, MNIST
 * 50,000 / 10,000 / 10,000) for a few epochs.
 * Prints one line per epoch and a JSON summary (median training seconds per epoch).
 *
 *   npx rolldown scripts/measure-engine.ts -o node_modules/.tmp/measure-engine.mjs -p node -f esm -e zod
 *   node node_modules/.tmp/measure-engine.mjs [epochs=3] [float32|float64] [seed=1]
 */
import { loadDataset } from '../src-main/datasets/index';
import { createSession } from '../src-shared/engine/reference-session';
import { runConfigSchema } from '../src-shared/experiment/config';
import { presetById } from '../src-shared/experiment/presets';

const epochs = Number(process.argv[2] ?? 3);
const precision = process.argv[3] === 'float64' ? 'float64' : 'float32';
const seed = Number(process.argv[4] ?? 1);
const preset = presetById('nielsen-ch1');
if (!preset) throw new Error('the preset nielsen-ch1 is missing');
const config = runConfigSchema.parse({ ...preset.config, epochs, seed, precision });
const session = createSession(config, loadDataset(config.dataset, config));
session.measure();
const seconds: number[] = [];
const accuracy: (number | null)[] = [];
while (!session.finished) {
  const started = performance.now();
  const record = session.trainEpoch();
  const total = (performance.now() - started) / 1000;
  seconds.push(record.seconds);
  accuracy.push(record.testAccuracy);
  console.log(
    `epoch ${record.epoch}: training ${record.seconds.toFixed(2)} s, with measuring ${total.toFixed(2)} s, ` +
      `test accuracy ${record.testAccuracy}, validation ${record.validationAccuracy}`,
  );
}
const median = [...seconds].sort((a, b) => a - b)[Math.floor(seconds.length / 2)];
console.log(
  JSON.stringify({
    precision,
    seed,
    epochs,
    median_sec_per_epoch: median,
    test_accuracy: accuracy,
  }),
);
