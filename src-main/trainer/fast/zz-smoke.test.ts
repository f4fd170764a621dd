import { it } from 'vitest';
import { loadDataset } from '../../core/datasets/index';
import { testConfig } from '../../../src-shared/engine/test-support';
import { fastSessionFactory } from './factory';
import * as K from '../kernels/assembly/_layout';

it('smoke', () => {
  const B = Number(process.env.B ?? 10);
  const H = Number(process.env.H ?? 30);
  const config = testConfig({
    dataset: 'mnist',
    layers: [784, H, 10],
    activations: 'sigmoid',
    cost: (process.env.C ?? 'quadratic') as 'quadratic',
    learningRate: 3,
    batchSize: B,
    epochs: 5,
    seed: 1,
  });
  const data = loadDataset(config.dataset, config);
  const s = fastSessionFactory({
    threads: Number(process.env.T ?? 1),
    trainThreads: process.env.TT ? Number(process.env.TT) : 'auto',
  }).create(config, data) as any;
  console.log('trainThreads', s.trainingThreads, 'capacity', s.plan.capacity);
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  };
  for (let e = 0; e < 4; e++) {
    let t = performance.now();
    let c = cpu();
    const n = 50000;
    const batches = Math.ceil(n / B);
    s.runEpoch(3, 1);
    const tw = (performance.now() - t) / 1000;
    const tc = cpu() - c;
    t = performance.now();
    c = cpu();
    s.score(0);
    s.score(1);
    s.score(2);
    const ew = (performance.now() - t) / 1000;
    const ec = cpu() - c;
    t = performance.now();
    const r = s.record(3, 0);
    console.log(
      `train wall ${tw.toFixed(3)} cpu ${tc.toFixed(3)} | eval3 wall ${ew.toFixed(3)} cpu ${ec.toFixed(3)} | record ${((performance.now() - t) / 1000).toFixed(3)} acc ${r.testAccuracy}`,
    );
  }
  s.close();
});
