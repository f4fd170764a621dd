/**
 * Property: whatever the run, the doctor never contradicts itself. diagnose() runs over a grid of
 * real training runs (reference engine, 8 epochs): four small datasets, five activation setups,
 * every valid cost, η from 1e-6 to 1e7 and four initializations. For every run, no two findings
 * move one config field in opposite directions or set it to different values, and every proposed
 * fix is declared among its finding's changes with the direction it really moves the field.
 */
import { describe, expect, it } from 'vitest';
import { inlineDataset } from '../../datasets/inline';
import { logicDataset, type LogicName } from '../../datasets/logic';
import type { LoadedDataset } from '../../base/dataset';
import { Rng } from '../../engine/rng';
import { runConfigSchema, type DatasetSpec, type RunConfig } from '../../experiment/config';
import { getPath, sameValue, setPath } from '../../base/values';
import type { ConfigChange, Finding } from '../../base/findings';
import { diagnose } from './index';
import { trainedRun } from './records.testing';

/** 60 noisy points of 5 inputs in 3 classes, as an inline dataset (12 for validation, 12 for test). */
function blobs(): DatasetSpec {
  const rng = new Rng(7);
  const inputs: number[][] = [];
  const targets: number[][] = [];
  for (let i = 0; i < 60; i++) {
    const c = i % 3;
    inputs.push(Array.from({ length: 5 }, (_, k) => (k === c ? 0.8 : 0) + 0.3 * rng.next()));
    targets.push([0, 1, 2].map((j) => (j === c ? 1 : 0)));
  }
  return { kind: 'inline', inputs, targets };
}

const datasets: { dataset: DatasetSpec; layers: number[] }[] = [
  { dataset: 'xor', layers: [2, 3, 1] },
  { dataset: 'and', layers: [2, 4, 1] },
  { dataset: 'nand', layers: [2, 4, 4, 1] },
  { dataset: blobs(), layers: [5, 8, 3] },
];

function load(config: RunConfig): LoadedDataset {
  const d = config.dataset;
  if (typeof d === 'string') return logicDataset(d as LogicName);
  if (d.kind !== 'inline') throw new Error(`the grid has no ${d.kind} dataset`);
  return inlineDataset(d, config);
}

const activations = ['sigmoid', 'tanh', 'relu', 'leaky-relu', 'hidden-relu'] as const;
const costs = ['quadratic', 'cross-entropy', 'log-likelihood'] as const;
const rates = Array.from({ length: 14 }, (_, i) => 10 ** (i - 6));
const inits = [
  { weights: { kind: 'normal', mean: 0, std: 1 }, biases: { kind: 'normal', mean: 0, std: 1 } },
  { weights: { kind: 'scaled-normal' }, biases: { kind: 'normal', mean: 0, std: 1 } },
  { weights: { kind: 'uniform', low: 0, high: 1 }, biases: { kind: 'uniform', low: 0, high: 1 } },
  { weights: { kind: 'he-normal' }, biases: { kind: 'zeros' } },
];

/** ReLU hidden layers under a sigmoid output (softmax with log-likelihood). */
function activationList(name: (typeof activations)[number], layers: number[], cost: string) {
  const hidden = layers.length - 2;
  if (name !== 'hidden-relu') return name;
  return [...Array<string>(hidden).fill('relu'), cost === 'log-likelihood' ? 'softmax' : 'sigmoid'];
}

function* grid(): Generator<RunConfig> {
  for (const d of datasets)
    for (const a of activations)
      for (const cost of costs)
        for (const learningRate of rates)
          for (const init of inits) {
            const parsed = runConfigSchema.safeParse({
              dataset: d.dataset,
              ...(typeof d.dataset === 'string' ? {} : { validationSize: 12, testSize: 12 }),
              layers: d.layers,
              activations: activationList(a, d.layers, cost),
              cost,
              init,
              learningRate,
              batchSize: 4,
              epochs: 8,
              seed: 3,
            });
            if (parsed.success) yield parsed.data;
          }
}

/** Two changes of one finding set contradict when they move a field both ways, or when applying
 * them in either order gives different configs. */
function contradiction(a: ConfigChange, b: ConfigChange, config: RunConfig): boolean {
  const overlap =
    a.field === b.field || a.field.startsWith(`${b.field}.`) || b.field.startsWith(`${a.field}.`);
  if (!overlap) return false;
  if (a.direction !== 'set' && b.direction !== 'set') return a.direction !== b.direction;
  const base = config as unknown as Record<string, unknown>;
  const ab = setPath(setPath(base, a.field, a.value), b.field, b.value);
  const ba = setPath(setPath(base, b.field, b.value), a.field, a.value);
  return !sameValue(ab, ba);
}

/** What is wrong with one run's findings, in words (empty when nothing). */
function problems(config: RunConfig, findings: Finding[]): string[] {
  const out: string[] = [];
  const moves = findings.flatMap((f) => (f.changes ?? []).map((c) => ({ rule: f.rule, c })));
  for (const [i, x] of moves.entries())
    for (const y of moves.slice(i + 1))
      if (x.rule !== y.rule && contradiction(x.c, y.c, config))
        out.push(
          `${x.rule} ${x.c.direction} ${x.c.field} vs ${y.rule} ${y.c.direction} ${y.c.field}`,
        );
  for (const f of findings.filter((g) => g.fix)) {
    const { field, value } = f.fix!;
    const now = getPath(config, field);
    const direction =
      typeof value === 'number' && typeof now === 'number' ? (value > now ? 'up' : 'down') : 'set';
    const declared = f.changes?.some(
      (c) =>
        c.field === field &&
        c.direction === direction &&
        (direction !== 'set' || sameValue(c.value, value)),
    );
    if (!declared)
      out.push(
        `${f.rule}: fix ${field} → ${JSON.stringify(value)} is not declared as ${direction}`,
      );
  }
  return out;
}

describe('the doctor never contradicts itself', () => {
  it('over datasets × activations × costs × η 1e-6…1e7 × inits', { timeout: 120_000 }, () => {
    const failures: string[] = [];
    let runs = 0;
    let lowered = 0;
    let raised = 0;
    for (const config of grid()) {
      const findings = diagnose(trainedRun(config, load(config)));
      runs++;
      const moves = findings.flatMap((f) => f.changes ?? []);
      if (moves.some((c) => c.field === 'learningRate' && c.direction === 'down')) lowered++;
      if (moves.some((c) => c.field === 'learningRate' && c.direction === 'up')) raised++;
      const label = `${JSON.stringify(config.activations)} ${config.cost} η=${config.learningRate} ${config.init.weights.kind} ${config.layers.join('-')}`;
      failures.push(...problems(config, findings).map((p) => `${label}: ${p}`));
    }
    expect(failures.slice(0, 20)).toEqual([]);
    // The grid must exercise both directions, or the property above says nothing.
    expect(runs).toBeGreaterThan(1000);
    expect(lowered).toBeGreaterThan(50);
    expect(raised).toBeGreaterThan(20);
  });
});
