/**
 * Memory admission counts every running run: with a budget (injected, tiny) that fits one run but
 * not two, the queue trains them one after the other though it may run two at a time; with room
 * for both it starts both together. Real trainer processes (needs `npm run build`).
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { runConfigSchema, type RunConfig } from '../../../src-shared/experiment/config';
import { ENGINE_VERSION } from '../../../src-shared/engine/version';
import { estimateMemoryBytes } from '../../../src-shared/engine/validate-shape';
import { tempDir, xorConfig, xorInput } from '../store/store.testing';
import { openStore } from '../store/store';
import { estimateRunBytes, fitsBeside } from './memory-admission';
import { RunQueue } from './queue';
import { recordingHost } from './queue.testing';
import { useCleanups } from '../cleanups.testing';

describe('the memory estimate of a run', () => {
  it('is the engine’s parameter copies plus the stated splits as 4-byte inputs and targets', () => {
    const config = xorConfig({ trainSize: 4, validationSize: 2, testSize: 2 });
    // 2-3-1: 8 examples × (2 inputs + 1 target) × 4 bytes.
    expect(estimateRunBytes(config)).toBe(estimateMemoryBytes(config) + 8 * 3 * 4);
  });

  it('counts MNIST’s default splits for sizes the config leaves to the dataset', () => {
    const config = runConfigSchema.parse({ ...xorInput(), layers: [784, 30, 10] });
    expect(estimateRunBytes(config)).toBe(estimateMemoryBytes(config) + 70_000 * 794 * 4);
  });

  it('counts a conv net’s examples as images (not its conv output) and expanded data 5×', () => {
    const { activations: _sizesForm, ...xor } = xorInput();
    const conv = runConfigSchema.parse({
      ...xor,
      ...{ trainSize: 100, validationSize: 10, testSize: 10 },
      layers: [
        { type: 'input', shape: [28, 28, 1] },
        { type: 'conv2d', filters: 20, kernel: 5 },
        { type: 'maxpool', size: 2 },
        { type: 'dense', units: 10 },
      ],
    });
    expect(conv.layers[0]).toBe(2880);
    expect(estimateRunBytes(conv)).toBe(estimateMemoryBytes(conv) + 120 * (784 + 10) * 4);
    const expanded = { ...conv, expand: { kind: 'shift' as const, pixels: 1 } };
    expect(estimateRunBytes(expanded)).toBe(estimateMemoryBytes(conv) + 520 * (784 + 10) * 4);
  });

  it('lets a run start beside others only when the sum fits, and always when nothing runs', () => {
    expect(fitsBeside([], 500, 100)).toBe(true);
    expect(fitsBeside([60], 40, 100)).toBe(true);
    expect(fitsBeside([60], 41, 100)).toBe(false);
    expect(fitsBeside([30, 30], 41, 100)).toBe(false);
  });
});

describe('the queue under a memory budget', () => {
  const defer = useCleanups();

  /** Trains two XOR runs with room for two at a time under `budget(oneRun)`; returns how many
   * trainers were alive at once at most. */
  async function trainTwo(budget: (oneRun: number) => number): Promise<number> {
    const tmp = tempDir('backprop-memory-');
    const store = openStore(join(tmp.dir, 'memory.db'));
    defer(tmp.cleanup, () => store.close());
    const config: RunConfig = xorConfig({ epochs: 20 });
    const host = recordingHost();
    const queue = new RunQueue({
      store,
      trainerHost: host,
      concurrency: 2,
      memoryBudgetBytes: budget(estimateRunBytes(config)),
    });
    const insert = () =>
      store.runs.insert({ experimentId: null, name: 'xor', config, engineVersion: ENGINE_VERSION });
    const ids = [insert(), insert()];
    await queue.runOnly(ids);
    await queue.close();
    expect(ids.map((id) => store.runs.get(id)?.status)).toEqual(['completed', 'completed']);
    return host.maxAlive;
  }

  it('starts two runs that each fit but not together one after the other', async () => {
    expect(await trainTwo((one) => one * 1.5)).toBe(1);
  }, 60_000);

  it('starts them together when the budget holds both', async () => {
    expect(await trainTwo((one) => one * 2)).toBe(2);
  }, 60_000);
});
