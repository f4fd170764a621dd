/**
 * The benchmark's arithmetic and output, without timing anything: the dense-equivalent FLOP count
 * against the figure in FACTS.md, one in-process measurement on a slice of MNIST (shape and sanity
 * of the record, not its speed), and the table and JSON shapes.
 */
import { describe, expect, it } from 'vitest';
import { fastUnsupportedReason } from '../trainer/fast/factory';
import { instantiateKernel, kernelAvailable, wasm } from '../trainer/fast/kernel-module';
import { measureGemmPeak } from './gemm-peak';
import { mnistInstalled } from '../trainer/fast/fast.testing';
import {
  fastUnavailable,
  median,
  runBench,
  steadinessOf,
  subsetNotes,
  threadChoiceOf,
  workloadRowsOf,
  type BenchReport,
  type BenchRow,
} from './bench';
import type { Measurement } from './measure';
import { checkWorkload } from './check';
import { inProcessSink } from './epoch-store';
import { measuredConfig, measureWorkload, type MeasureSpec } from './measure';
import { benchLines, checkLines } from './report';
import {
  convExampleFlops,
  epochFlops,
  sparseEpochFlops,
  workloadEpochFlops,
  workloads,
} from './workloads';
import type { SelfCommand } from './child';

const mnistPresent = mnistInstalled();
const ready = mnistPresent && kernelAvailable();
if (!ready) console.warn('bench.test: MNIST or the fast kernel missing, measurement tests skipped');

/** A one-thread measurement of `workload` over 3 epochs, with `over` laid on top. */
const specOf = (
  workload: MeasureSpec['workload'],
  over: Partial<MeasureSpec> = {},
): MeasureSpec => ({
  workload,
  engine: 'fast',
  threads: 1,
  epochs: 3,
  subset: null,
  trainThreads: null,
  ...over,
});

describe('bench workloads', () => {
  it('include the dense workload of issue 19 with ReLU, softmax and log-likelihood on the fast path', () => {
    const config = measuredConfig(specOf('dense-relu'));
    expect(config.layers).toEqual([784, 100, 100, 10]);
    expect(config.activations).toEqual(['relu', 'relu', 'softmax']);
    expect(config.cost).toBe('log-likelihood');
    expect(config.batchSize).toBe(32);
    expect(fastUnsupportedReason(config)).toBeNull();
  });

  it('count 7.15 GFLOP for one dense-equivalent epoch of Nielsen’s network (FACTS.md)', () => {
    const flops = epochFlops(workloads['nielsen-ch1'].config.layers, 50_000);
    expect(flops).toBe(6 * (784 * 30 + 30 * 10) * 50_000);
    expect(flops / 1e9).toBeCloseTo(7.15, 2);
  });

  it('count the work really done with the first layer over non-zero inputs only', () => {
    expect(sparseEpochFlops([784, 30, 10], 2, 150)).toBe(6 * (150 * 30 + 30 * 10) * 2);
    expect(sparseEpochFlops([784, 30, 10], 2, 784)).toBe(epochFlops([784, 30, 10], 2));
  });

  it('count a conv layer’s forward, ∂w and (above the first) ∂x: 2·F·C·k²·OH·OW each', () => {
    const conv = (filters: number) =>
      ({ type: 'conv2d', filters, kernel: 5, stride: 1, padding: 0, activation: 'relu' }) as const;
    const pool = { type: 'maxpool', size: 2 } as const;
    // ch.6's shallow net: 20 maps of 24×24 from one 28×28 image; no ∂x for the image.
    const shallow = { input: [28, 28, 1] as [number, number, number], layers: [conv(20), pool] };
    expect(convExampleFlops(shallow)).toBe(2 * (2 * 20 * 1 * 25 * 24 * 24));
    // A second conv layer, 40 maps of 8×8 from 20 maps of 12×12, also passes ∂x down.
    const two = { ...shallow, layers: [conv(20), pool, conv(40), pool] };
    expect(convExampleFlops(two)).toBe(1_152_000 + 3 * (2 * 40 * 20 * 25 * 8 * 8));
    const config = measuredConfig(specOf('shallow-conv', { engine: 'reference' }));
    expect(workloadEpochFlops(config, 50_000)).toBe(
      (1_152_000 + 6 * (2880 * 100 + 100 * 10)) * 50_000,
    );
    expect(workloadEpochFlops(workloads['nielsen-ch1'].config as typeof config, 10)).toBe(
      epochFlops([784, 30, 10], 10),
    );
  });

  it('give the conv workload ch.6’s shallow net, scored on 1,000 validation and test images', () => {
    const config = measuredConfig(specOf('shallow-conv', { subset: 5_000 }));
    expect(config.features?.layers).toEqual([
      { type: 'conv2d', filters: 20, kernel: 5, stride: 1, padding: 0, activation: 'sigmoid' },
      { type: 'maxpool', size: 2 },
    ]);
    expect([config.layers, config.activations, config.cost]).toEqual([
      [2880, 100, 10],
      ['sigmoid', 'softmax'],
      'log-likelihood',
    ]);
    expect([config.batchSize, config.learningRate]).toEqual([10, 0.1]);
    expect([config.trainSize, config.validationSize, config.testSize]).toEqual([
      5_000, 1_000, 1_000,
    ]);
    expect(workloads['shallow-conv'].referenceSubset).toBeLessThan(5_000);
  });

  it('time the reference engine on a part of the wide network’s epoch only', () => {
    expect(workloads['wide-ce'].referenceSubset).toBeLessThan(50_000);
    expect(workloads['nielsen-ch1'].referenceSubset).toBeNull();
  });
});

describe.skipIf(!ready)('a bench measurement', () => {
  it('reports a full-epoch time scaled from a subset, with accuracy and memory', async () => {
    const spec = specOf('nielsen-ch1', { subset: 5000 });
    const m = await measureWorkload(spec, inProcessSink(measuredConfig(spec)));
    expect(m.epochFraction).toBeCloseTo(0.1, 5);
    expect(m.epochSeconds).toHaveLength(3);
    expect(m.cpuSecondsPerEpoch).toBeGreaterThan(0);
    expect(m.secondsPerEpoch).toBeGreaterThan(0);
    expect(m.examplesPerSecond * m.secondsPerEpoch).toBeCloseTo(50_000, 0);
    expect(m.gflops).toBeCloseTo(7.146e9 / m.secondsPerEpoch / 1e9, 6);
    // MNIST is about 81% zeros (FACTS.md): the work done is well under the dense-equivalent.
    expect(m.sparseGflops).toBeGreaterThan(0.15 * m.gflops);
    expect(m.sparseGflops).toBeLessThan(0.3 * m.gflops);
    expect(m.testAccuracy).toBeGreaterThan(0.5);
    expect(m.peakRssMb).toBeGreaterThan(50);
    // Scoring is not scaled with a cut epoch, so there is no turnaround to show.
    expect(m.turnaroundSecondsPerEpoch).toBeNull();
    expect(m.wallSecondsPerEpoch).toBeGreaterThan(0);
    expect(m.handOverSecondsPerEpoch).toBeGreaterThanOrEqual(0);
  });

  it('times the turnaround from epochs stored as the owner stores them', async () => {
    const spec = specOf('founding', {
      threads: 2,
      trainThreads: 1,
      overrides: { trainSize: 3000, validationSize: 1000, testSize: 1000 },
    });
    const sink = inProcessSink(measuredConfig(spec));
    const epochsSent: number[] = [];
    let stored: number[] = [];
    const m = await measureWorkload(spec, {
      send: (message) => (epochsSent.push(message.record.epoch), sink.send(message)),
      finish: async () => (stored = await sink.finish()),
    });
    // Epoch 0 and three trained epochs were stored; the turnaround is the median of the three
    // intervals between the moments they were stored.
    expect(epochsSent).toEqual([0, 1, 2, 3]);
    expect(stored).toHaveLength(4);
    const gaps = stored.slice(1).map((t, i) => (t - stored[i]) / 1000);
    expect(m.turnaroundSecondsPerEpoch).toBeCloseTo(gaps.sort((a, b) => a - b)[1], 12);
    expect(m.epochSeconds).toHaveLength(3);
    expect(m.trainingThreads).toBe(1);
    expect(m.threadMode).toBe('forced');
  });

  it('measures a GEMM peak with the kernel’s own product, which computes C = A·B', () => {
    const [m, n, k] = [8, 16, 5];
    const memory = new wasm.Memory({ initial: 1, maximum: 1, shared: true });
    const kernel = instantiateKernel(memory);
    const f32 = new Float32Array(memory.buffer);
    const [a, b, c] = [8192, 12288, 16384];
    for (let i = 0; i < m * k; i++) f32[a / 4 + i] = (i % 7) - 3;
    for (let i = 0; i < k * n; i++) f32[b / 4 + i] = (i % 5) * 0.5;
    kernel.gemm(a, b, c, m, n, k);
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let sum = 0;
        for (let p = 0; p < k; p++) sum += f32[a / 4 + i * k + p] * f32[b / 4 + p * n + j];
        expect(f32[c / 4 + i * n + j]).toBe(sum);
      }
    const peak = measureGemmPeak(64, 0.05);
    expect(peak.size).toBe(64);
    expect(peak.gflops).toBeGreaterThan(0);
  });

  it('measures the conv workload with the conv layers in its GFLOP/s', async () => {
    const spec = specOf('shallow-conv', {
      engine: 'reference',
      epochs: 1,
      subset: 100,
      overrides: { validationSize: 100, testSize: 100, probeSize: 50 },
    });
    const config = measuredConfig(spec);
    const m = await measureWorkload(spec, inProcessSink(config));
    expect(m.epochFraction).toBeCloseTo(100 / 50_000, 10);
    const perEpoch = (1_152_000 + 6 * (2880 * 100 + 100 * 10)) * 50_000;
    expect(m.gflops).toBeCloseTo(perEpoch / m.secondsPerEpoch / 1e9, 6);
    // The convolution visits every pixel: no sparse discount for a conv net.
    expect(m.sparseGflops).toBe(m.gflops);
    expect(m.testAccuracy).not.toBeNull();
  });

  it('shows the conv workload’s fast row as not available while the fast path cannot train it', async () => {
    // A stand-in for `backprop bench --measure SPEC`: answers each spec with a measurement of
    // 1 s per epoch, so the test sees which configurations the bench asked for.
    const fake = [
      "const spec = JSON.parse(process.argv[process.argv.indexOf('--measure') + 1]);",
      'const s = 1, fraction = spec.subset ? spec.subset / 50000 : 1;',
      'process.stdout.write(JSON.stringify({ id: spec.workload, engine: spec.engine,',
      "  threads: spec.threads, threadMode: spec.trainThreads === null ? 'auto' : 'forced',",
      '  trainingThreads: spec.trainThreads ?? 1, secondsPerEpoch: s, epochSeconds: [s, s, s],',
      '  cpuSecondsPerEpoch: s, wallSecondsPerEpoch: s, turnaroundSecondsPerEpoch: null,',
      '  handOverSecondsPerEpoch: 0, examplesPerSecond: 50000, gflops: 1, sparseGflops: 1,',
      '  peakRssMb: 100, testAccuracy: 0.9, epochFraction: fraction }) + "\\n");',
    ].join('\n');
    const self: SelfCommand = { node: process.execPath, args: ['-e', fake] };
    const report = await runBench({
      epochs: 3,
      rounds: 1,
      ids: ['shallow-conv'],
      reference: true,
      self,
      log: () => undefined,
    });
    const reason = fastUnavailable('shallow-conv', { epochs: 3 });
    const rows = report.workloads.map((r) => [r.engine, r.epochFraction * 50_000]);
    const { referenceSubset, fastSubset } = workloads['shallow-conv'];
    if (reason === null) {
      // The fast path trains conv nets: its four configurations are measured on their subset.
      expect(report.unavailable).toEqual([]);
      expect(rows).toEqual([
        ['reference', referenceSubset],
        ...new Array(4).fill(['fast', fastSubset]),
      ]);
      return;
    }
    expect(reason).toMatch(/conv/);
    expect(rows).toEqual([['reference', referenceSubset]]);
    expect(report.unavailable).toEqual([{ id: 'shallow-conv', engine: 'fast', reason }]);
    const text = benchLines(report).join('\n');
    expect(text).toMatch(/shallow-conv\s+fast\s+-\s+not available/);
    expect(text).toContain(`shallow-conv fast: not available: ${reason}`);
  });

  it('--check finds the fast path within tolerance of the reference', () => {
    const result = checkWorkload('founding');
    if ('unavailable' in result)
      throw new Error(`founding on the fast path: ${result.unavailable}`);
    expect(result.steps).toBe(1000);
    expect(result.weightDifference).toBeGreaterThan(0);
    expect(result.ok).toBe(true);
    expect(checkLines([result]).join('\n')).toMatch(/founding\s+1000/);
  });
});

describe('the bench table', () => {
  const row = {
    id: 'wide-ce' as const,
    engine: 'fast' as const,
    threads: 2,
    threadMode: 'forced' as const,
    trainingThreads: 2,
    secondsPerEpoch: 0.25,
    epochSeconds: [0.25, 0.26, 0.24],
    cpuSecondsPerEpoch: 0.45,
    wallSecondsPerEpoch: 0.4,
    turnaroundSecondsPerEpoch: 0.42,
    handOverSecondsPerEpoch: 0.0012,
    examplesPerSecond: 200_000,
    gflops: 95.3,
    sparseGflops: 20.1,
    peakRssMb: 180.4,
    testAccuracy: 0.9123,
    epochFraction: 1,
    speedup: 40,
    threadScaling: 1.6,
    roundSeconds: [0.25, 0.31, 0.22],
  };
  const report: BenchReport = {
    machine: {
      cpuModel: 'Test CPU',
      cpus: 2,
      memoryGb: 24,
      node: 'v20',
      platform: 'linux-x64',
      loadAverage: 1.5,
      date: '',
    },
    epochs: 3,
    rounds: 3,
    workloads: [
      row,
      {
        ...row,
        engine: 'reference',
        threads: 1,
        trainingThreads: 1,
        epochFraction: 0.2,
        speedup: 1,
        threadScaling: null,
        roundSeconds: [10],
      },
    ],
    gemmPeak: { size: 128, gflops: 40 },
    threadChoices: [
      {
        id: 'wide-ce',
        autoTrainingThreads: 1,
        autoTurnaroundSecondsPerEpoch: 0.5,
        bestForced: { threads: 2, trainingThreads: 2, turnaroundSecondsPerEpoch: 0.42 },
        ratio: 1.19,
      },
    ],
    parallel: {
      id: 'nielsen-ch1',
      aloneSecondsPerEpoch: 0.06,
      parallelSecondsPerEpoch: [0.065, 0.07],
      ratio: 0.07 / 0.06,
      roundRatios: [1.3, 0.07 / 0.06, 1.1],
      busyNeighborSecondsPerEpoch: 0.09,
      busyNeighborRatio: 1.5,
    },
    steadiness: steadinessOf(
      'founding',
      [0.07, 0.04, 0.042, 0.041, 0.05, 0.06, 0.044, 0.045, 0.043],
    ),
    peers: [],
    unavailable: [{ id: 'shallow-conv', engine: 'fast', reason: 'no conv kernels here' }],
    notes: ['wide-ce reference: timed on 20% of the epoch'],
  };

  it('has one line per measurement with its speed-up, scaling, memory and accuracy', () => {
    const text = benchLines(report).join('\n');
    expect(text).toMatch(
      /wide-ce\s+fast\s+2, forced 2\s+0\.2500\s+0\.2200–0\.3100\s+0\.4500\s+0\.4000\s+0\.4200\s+1\.2 ms\s+200,000\s+95\.30\s+40x\s+1\.60x\s+180 MB\s+91\.2%/,
    );
    expect(text).toMatch(
      /two fast nielsen-ch1 runs in parallel: 0\.0650 and 0\.0700 s\/epoch vs 0\.0600 alone \(1\.17x; median of rounds 1\.30x, 1\.17x, 1\.10x\)/,
    );
    expect(text).toMatch(
      /next to a busy loop on the other core .*: 0\.0900 s\/epoch \(1\.50x of alone/,
    );
    expect(text).toMatch(/note: wide-ce reference: timed on 20% of the epoch/);
    expect(text).toMatch(
      /founding fast 1 thread over 9 epochs: epochs 2–4 0\.0410 s, the last three 0\.0440 s \(1\.07x\)/,
    );
    expect(text).toMatch(/shallow-conv\s+fast\s+-\s+not available(\s+-){11}\n/);
    expect(text).toContain('shallow-conv fast: not available: no conv kernels here;');
    expect(text).toContain('shallow-conv: 28×28 → conv 20×5×5 sigmoid');
    expect(text).toMatch(
      /float32 GEMM peak of one core \(the bench's own f32x4 kernel, 128³\): 40\.0 GFLOP\/s/,
    );
    expect(text).toMatch(
      /thread choice wide-ce: auto trained on 1 of 2, turnaround 0\.5000 s; best forced 2 threads \(2 training\) 0\.4200 s; auto \/ best 1\.19x/,
    );
  });

  it('serializes to the JSON shape of the issue', () => {
    const json = JSON.parse(JSON.stringify(report)) as BenchReport;
    for (const w of json.workloads) {
      for (const key of [
        'id',
        'engine',
        'threads',
        'secondsPerEpoch',
        'examplesPerSecond',
        'gflops',
        'peakRssMb',
        'testAccuracy',
        'turnaroundSecondsPerEpoch',
      ])
        expect(w).toHaveProperty(key);
    }
    expect(json.gemmPeak.gflops).toBe(40);
    expect(json.threadChoices[0]).toMatchObject({
      autoTrainingThreads: 1,
      bestForced: { threads: 2 },
    });
    expect(json.machine).toHaveProperty('cpus', 2);
    expect(json.unavailable).toEqual([
      { id: 'shallow-conv', engine: 'fast', reason: 'no conv kernels here' },
    ]);
  });
});

describe('bench --check lines', () => {
  it('list a workload the fast path cannot train as not available, with the reason', () => {
    const text = checkLines([{ id: 'shallow-conv', unavailable: 'no conv kernels here' }]);
    expect(text.join('\n')).toMatch(/shallow-conv\s+-\s+-\s+-\s+-\s+not available/);
    expect(text).toContain('shallow-conv fast: not available: no conv kernels here');
  });
});

describe('bench notes', () => {
  it('say once per workload and engine that it was timed on part of the epoch', () => {
    const row = (id: string, engine: string, threads: number, epochFraction: number) =>
      ({ id, engine, threads, epochFraction }) as unknown as BenchRow;
    const notes = subsetNotes([
      row('shallow-conv', 'fast', 1, 0.1),
      row('shallow-conv', 'fast', 2, 0.1),
      row('shallow-conv', 'reference', 1, 0.02),
      row('nielsen-ch1', 'fast', 1, 1),
    ]);
    expect(notes).toEqual([
      'shallow-conv fast: timed on 10% of the epoch and scaled to the full epoch; its test accuracy is after that partial epoch',
      'shallow-conv reference: timed on 2% of the epoch and scaled to the full epoch; its test accuracy is after that partial epoch',
    ]);
  });
});

describe('bench steadiness', () => {
  it('sets the median of the last three epochs against epochs 2–4 (epoch 1 warms up)', () => {
    const slowing = [0.09, 0.045, 0.045, 0.054, 0.064, 0.074, 0.087, 0.106, 0.126, 0.14];
    const s = steadinessOf('founding', slowing);
    expect(s.earlySecondsPerEpoch).toBe(0.045);
    expect(s.lateSecondsPerEpoch).toBe(0.126);
    expect(s.ratio).toBeCloseTo(0.126 / 0.045, 12);
    expect(steadinessOf('founding', [0.09, 0.04, 0.04, 0.04, 0.04, 0.04]).ratio).toBe(1);
    expect(() => steadinessOf('founding', [0.04, 0.04, 0.04])).toThrow(/at least 6 epochs, got 3/);
  });
});

describe('bench rounds', () => {
  const m = (
    engine: 'fast' | 'reference',
    threads: number,
    secondsPerEpoch: number,
  ): Measurement => ({
    id: 'wide-ce',
    engine,
    threads,
    threadMode: 'forced',
    trainingThreads: threads,
    secondsPerEpoch,
    epochSeconds: [secondsPerEpoch],
    cpuSecondsPerEpoch: secondsPerEpoch * threads,
    wallSecondsPerEpoch: secondsPerEpoch,
    turnaroundSecondsPerEpoch: secondsPerEpoch * 1.5,
    handOverSecondsPerEpoch: 0.001,
    examplesPerSecond: 50_000 / secondsPerEpoch,
    gflops: 1 / secondsPerEpoch,
    sparseGflops: 0.5 / secondsPerEpoch,
    peakRssMb: 100 + secondsPerEpoch,
    testAccuracy: 0.9,
    epochFraction: 1,
  });

  it('take the median, the lower middle value for an even count', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2);
  });

  it('show the median round of each configuration and the median of the ratios within rounds', () => {
    // Round 2 ran on a busy machine: both configurations slow, the ratio within it still fair.
    const rounds = [
      [m('fast', 1, 0.2), m('fast', 2, 0.1)],
      [m('fast', 1, 0.4), m('fast', 2, 0.3)],
      [m('fast', 1, 0.21), m('fast', 2, 0.12)],
    ];
    const [ref, one, two] = workloadRowsOf(m('reference', 1, 2), rounds);
    expect(ref.speedup).toBe(1);
    expect(ref.roundSeconds).toEqual([2]);
    expect(one.secondsPerEpoch).toBe(0.21);
    expect(one.roundSeconds).toEqual([0.2, 0.4, 0.21]);
    expect(one.speedup).toBeCloseTo(2 / 0.21, 10);
    // The median round's own figures come along (here its memory).
    expect(two.secondsPerEpoch).toBe(0.12);
    expect(two.peakRssMb).toBe(100.12);
    // Ratios within rounds 2, 1.33 and 1.75: the median is round 3’s.
    expect(two.threadScaling).toBeCloseTo(0.21 / 0.12, 10);
    expect(one.threadScaling).toBe(1);
  });

  it('set the automatic choice beside the forced configuration that waited least', () => {
    const at = (threads: number, mode: 'auto' | 'forced', trained: number, turnaround: number) => ({
      ...m('fast', threads, turnaround / 1.5),
      threadMode: mode,
      trainingThreads: trained,
      turnaroundSecondsPerEpoch: turnaround,
    });
    // Per round: 1 thread, 2 auto, 2 forced 1, 2 forced 2. Forced 2 wins twice, forced 1 once.
    const rounds = [
      [
        at(1, 'auto', 1, 0.1),
        at(2, 'auto', 1, 0.09),
        at(2, 'forced', 1, 0.08),
        at(2, 'forced', 2, 0.06),
      ],
      [
        at(1, 'auto', 1, 0.1),
        at(2, 'auto', 2, 0.07),
        at(2, 'forced', 1, 0.05),
        at(2, 'forced', 2, 0.07),
      ],
      [
        at(1, 'auto', 1, 0.1),
        at(2, 'auto', 1, 0.12),
        at(2, 'forced', 1, 0.08),
        at(2, 'forced', 2, 0.06),
      ],
    ];
    const choice = threadChoiceOf(rounds)!;
    // Medians: forced 1 0.08, forced 2 0.06; auto's median round is 0.09 (it trained on 1).
    expect(choice.bestForced).toEqual({
      threads: 2,
      trainingThreads: 2,
      turnaroundSecondsPerEpoch: 0.06,
    });
    expect(choice.autoTrainingThreads).toBe(1);
    expect(choice.autoTurnaroundSecondsPerEpoch).toBe(0.09);
    // Within rounds against the least forced of that round: 1.5, 1.4, 2.0.
    expect(choice.ratio).toBeCloseTo(1.5, 10);
    expect(threadChoiceOf([[at(1, 'auto', 1, 0.1)]])).toBeNull();
  });
});
