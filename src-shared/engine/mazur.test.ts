/**
 * Matt Mazur, "A Step by Step Backpropagation Example" (2015): a 2-2-2 sigmoid network,
 * quadratic cost E = Σ ½(target − out)², η = 0.5, biases not trained. The derivation below is
 * the hand calculation of the article written as code; its results are checked against the
 * article's published numbers, and the engine against the derivation.
 */
import { describe, expect, it } from 'vitest';
import { createSession } from './reference-session';
import { inlineData, testConfig } from '../experiment/config.testing';

const i1 = 0.05;
const i2 = 0.1;
const t1 = 0.01;
const t2 = 0.99;
const [w1, w2, w3, w4, w5, w6, w7, w8] = [0.15, 0.2, 0.25, 0.3, 0.4, 0.45, 0.5, 0.55];
const b1 = 0.35;
const b2 = 0.6;
const eta = 0.5;
const sigma = (z: number) => 1 / (1 + Math.exp(-z));

/** The hand derivation, step by step. */
function derivation() {
  // Forward pass: net = Σ w·input + b, out = σ(net).
  const outH1 = sigma(w1 * i1 + w2 * i2 + b1); // 0.593269992
  const outH2 = sigma(w3 * i1 + w4 * i2 + b1); // 0.596884378
  const outO1 = sigma(w5 * outH1 + w6 * outH2 + b2); // 0.75136507
  const outO2 = sigma(w7 * outH1 + w8 * outH2 + b2); // 0.772928465
  const total = 0.5 * (t1 - outO1) ** 2 + 0.5 * (t2 - outO2) ** 2; // 0.298371109
  // Output layer: δ_o = ∂E/∂net_o = (out_o − target_o) · out_o(1 − out_o).
  const dO1 = (outO1 - t1) * outO1 * (1 - outO1); // 0.138498562
  const dO2 = (outO2 - t2) * outO2 * (1 - outO2); // −0.038098236
  // ∂E/∂w5 = δ_o1 · out_h1, and so on; new w = w − η ∂E/∂w.
  const out = {
    w5: w5 - eta * dO1 * outH1,
    w6: w6 - eta * dO1 * outH2,
    w7: w7 - eta * dO2 * outH1,
    w8: w8 - eta * dO2 * outH2,
  };
  // Hidden layer (with the OLD w5…w8): δ_h = (Σ_o δ_o w_oh) · out_h(1 − out_h).
  const dH1 = (dO1 * w5 + dO2 * w7) * outH1 * (1 - outH1);
  const dH2 = (dO1 * w6 + dO2 * w8) * outH2 * (1 - outH2);
  const hidden = {
    w1: w1 - eta * dH1 * i1,
    w2: w2 - eta * dH1 * i2,
    w3: w3 - eta * dH2 * i1,
    w4: w4 - eta * dH2 * i2,
  };
  return { outO1, outO2, total, ...hidden, ...out };
}

function mazurSession() {
  const config = testConfig({
    dataset: { kind: 'inline', inputs: [[i1, i2]], targets: [[t1, t2]] },
    layers: [2, 2, 2],
    activations: 'sigmoid',
    cost: 'quadratic',
    learningRate: eta,
    batchSize: 1,
    epochs: 1,
    trainBiases: false,
    precision: 'float64',
    init: {
      weights: {
        kind: 'explicit',
        values: [
          [
            [w1, w2],
            [w3, w4],
          ],
          [
            [w5, w6],
            [w7, w8],
          ],
        ],
      },
      biases: {
        kind: 'explicit',
        values: [
          [b1, b1],
          [b2, b2],
        ],
      },
    },
  });
  return createSession(config, inlineData([[i1, i2]], [[t1, t2]]));
}

describe("Mazur's 2-2-2 example", () => {
  const d = derivation();

  it('the derivation reproduces the numbers published in the article', () => {
    expect(d.total).toBeCloseTo(0.298371109, 9);
    expect(d.w5).toBeCloseTo(0.35891648, 8);
    expect(d.w1).toBeCloseTo(0.149780716, 9);
  });

  it('the forward pass gives the total error and outputs of the derivation to 1e-9', () => {
    const record = mazurSession().measure();
    expect(Math.abs(record.trainCost - d.total)).toBeLessThan(1e-9);
    expect(Math.abs(record.meanOutput[0] - d.outO1)).toBeLessThan(1e-9);
    expect(Math.abs(record.meanOutput[1] - d.outO2)).toBeLessThan(1e-9);
  });

  it('one SGD step updates all eight weights as derived and leaves the biases alone', () => {
    const session = mazurSession();
    session.trainEpoch();
    const { weights, biases } = session.weights();
    const got = [
      weights[0][0][0],
      weights[0][0][1],
      weights[0][1][0],
      weights[0][1][1],
      weights[1][0][0],
      weights[1][0][1],
      weights[1][1][0],
      weights[1][1][1],
    ];
    const want = [d.w1, d.w2, d.w3, d.w4, d.w5, d.w6, d.w7, d.w8];
    got.forEach((w, i) => expect(Math.abs(w - want[i])).toBeLessThan(1e-9));
    expect(biases).toEqual([
      [b1, b1],
      [b2, b2],
    ]);
  });
});
